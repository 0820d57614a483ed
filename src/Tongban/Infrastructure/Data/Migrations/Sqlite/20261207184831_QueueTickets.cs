using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Tongban.Infrastructure.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class QueueTickets : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "queue_number_counters",
                columns: table => new
                {
                    service_point_code = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    day = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    category = table.Column<string>(type: "TEXT", maxLength: 2, nullable: false),
                    last_number = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_queue_number_counters", x => new { x.service_point_code, x.day, x.category });
                });

            migrationBuilder.CreateTable(
                name: "queue_tickets",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    service_point_code = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    day = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    category = table.Column<string>(type: "TEXT", maxLength: 2, nullable: false),
                    number = table.Column<int>(type: "INTEGER", nullable: false),
                    ticket_number = table.Column<string>(type: "TEXT", maxLength: 8, nullable: false),
                    item_code = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    priority = table.Column<string>(type: "TEXT", maxLength: 16, nullable: true),
                    priority_rank = table.Column<int>(type: "INTEGER", nullable: false),
                    status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    window_code = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    transferred_to_window_code = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    issued_at = table.Column<long>(type: "INTEGER", nullable: false),
                    called_at = table.Column<long>(type: "INTEGER", nullable: true),
                    last_called_at = table.Column<long>(type: "INTEGER", nullable: true),
                    call_count = table.Column<int>(type: "INTEGER", nullable: false),
                    started_at = table.Column<long>(type: "INTEGER", nullable: true),
                    finished_at = table.Column<long>(type: "INTEGER", nullable: true),
                    skipped_at = table.Column<long>(type: "INTEGER", nullable: true),
                    taken_from = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_queue_tickets", x => x.id);
                });

            migrationBuilder.CreateIndex(
                name: "ix_queue_tickets_service_point_code_day_status_category_priority_rank_issued_at",
                table: "queue_tickets",
                columns: new[] { "service_point_code", "day", "status", "category", "priority_rank", "issued_at" });

            migrationBuilder.CreateIndex(
                name: "ix_queue_tickets_service_point_code_day_ticket_number",
                table: "queue_tickets",
                columns: new[] { "service_point_code", "day", "ticket_number" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_queue_tickets_service_point_code_last_called_at",
                table: "queue_tickets",
                columns: new[] { "service_point_code", "last_called_at" });

            migrationBuilder.CreateIndex(
                name: "ix_queue_tickets_taken_from_issued_at",
                table: "queue_tickets",
                columns: new[] { "taken_from", "issued_at" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "queue_number_counters");

            migrationBuilder.DropTable(
                name: "queue_tickets");
        }
    }
}
