using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Tongban.Infrastructure.Data.Migrations.Postgres
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
                    service_point_code = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    day = table.Column<DateOnly>(type: "date", nullable: false),
                    category = table.Column<string>(type: "character varying(2)", maxLength: 2, nullable: false),
                    last_number = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_queue_number_counters", x => new { x.service_point_code, x.day, x.category });
                });

            migrationBuilder.CreateTable(
                name: "queue_tickets",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    service_point_code = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    day = table.Column<DateOnly>(type: "date", nullable: false),
                    category = table.Column<string>(type: "character varying(2)", maxLength: 2, nullable: false),
                    number = table.Column<int>(type: "integer", nullable: false),
                    ticket_number = table.Column<string>(type: "character varying(8)", maxLength: 8, nullable: false),
                    item_code = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    priority = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: true),
                    priority_rank = table.Column<int>(type: "integer", nullable: false),
                    status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    window_code = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    transferred_to_window_code = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    issued_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    called_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    last_called_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    call_count = table.Column<int>(type: "integer", nullable: false),
                    started_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    finished_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    skipped_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    taken_from = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_queue_tickets", x => x.id);
                });

            migrationBuilder.CreateIndex(
                name: "ix_queue_tickets_service_point_code_day_status_category_priori",
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
