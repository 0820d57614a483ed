using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Tongban.Infrastructure.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class QueueCheckIn : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "appointment_number",
                table: "queue_tickets",
                type: "TEXT",
                maxLength: 20,
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "slot_starts_at",
                table: "queue_tickets",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "checked_in_at",
                table: "appointments",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "ix_appointments_status_date",
                table: "appointments",
                columns: new[] { "status", "date" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_appointments_status_date",
                table: "appointments");

            migrationBuilder.DropColumn(
                name: "appointment_number",
                table: "queue_tickets");

            migrationBuilder.DropColumn(
                name: "slot_starts_at",
                table: "queue_tickets");

            migrationBuilder.DropColumn(
                name: "checked_in_at",
                table: "appointments");
        }
    }
}
