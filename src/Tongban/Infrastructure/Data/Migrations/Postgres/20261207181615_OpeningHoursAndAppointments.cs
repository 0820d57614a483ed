using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Tongban.Infrastructure.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class OpeningHoursAndAppointments : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "appointment_slots",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    service_point_code = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    item_code = table.Column<string>(type: "character varying(80)", maxLength: 80, nullable: false),
                    date = table.Column<DateOnly>(type: "date", nullable: false),
                    start = table.Column<TimeOnly>(type: "time without time zone", nullable: false),
                    end = table.Column<TimeOnly>(type: "time without time zone", nullable: false),
                    capacity = table.Column<int>(type: "integer", nullable: false),
                    booked = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_appointment_slots", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "appointment_templates",
                columns: table => new
                {
                    service_point_code = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    slot_minutes = table.Column<int>(type: "integer", nullable: false),
                    places_per_window = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_appointment_templates", x => x.service_point_code);
                });

            migrationBuilder.CreateTable(
                name: "appointments",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    number = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    citizen_id = table.Column<int>(type: "integer", nullable: false),
                    service_point_code = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    item_code = table.Column<string>(type: "character varying(80)", maxLength: 80, nullable: false),
                    date = table.Column<DateOnly>(type: "date", nullable: false),
                    start = table.Column<TimeOnly>(type: "time without time zone", nullable: false),
                    end = table.Column<TimeOnly>(type: "time without time zone", nullable: false),
                    status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    cancelled_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    remind_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_appointments", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "opening_special_days",
                columns: table => new
                {
                    service_point_code = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    date = table.Column<DateOnly>(type: "date", nullable: false),
                    open = table.Column<bool>(type: "boolean", nullable: false),
                    periods = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    note = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_opening_special_days", x => new { x.service_point_code, x.date });
                });

            migrationBuilder.CreateTable(
                name: "opening_weekend_rotation",
                columns: table => new
                {
                    service_point_code = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    date = table.Column<DateOnly>(type: "date", nullable: false),
                    window_codes = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    periods = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    note = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_opening_weekend_rotation", x => new { x.service_point_code, x.date });
                });

            migrationBuilder.CreateTable(
                name: "opening_weekly",
                columns: table => new
                {
                    service_point_code = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    day_of_week = table.Column<int>(type: "integer", nullable: false),
                    periods = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_opening_weekly", x => new { x.service_point_code, x.day_of_week });
                });

            migrationBuilder.CreateIndex(
                name: "ix_appointment_slots_service_point_code_item_code_date_start",
                table: "appointment_slots",
                columns: new[] { "service_point_code", "item_code", "date", "start" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_appointments_citizen_id_date",
                table: "appointments",
                columns: new[] { "citizen_id", "date" });

            migrationBuilder.CreateIndex(
                name: "ix_appointments_number",
                table: "appointments",
                column: "number",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_appointments_remind_at",
                table: "appointments",
                column: "remind_at");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "appointment_slots");

            migrationBuilder.DropTable(
                name: "appointment_templates");

            migrationBuilder.DropTable(
                name: "appointments");

            migrationBuilder.DropTable(
                name: "opening_special_days");

            migrationBuilder.DropTable(
                name: "opening_weekend_rotation");

            migrationBuilder.DropTable(
                name: "opening_weekly");
        }
    }
}
