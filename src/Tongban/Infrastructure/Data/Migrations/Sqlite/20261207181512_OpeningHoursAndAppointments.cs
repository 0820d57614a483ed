using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Tongban.Infrastructure.Data.Migrations.Sqlite
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
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    service_point_code = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    item_code = table.Column<string>(type: "TEXT", maxLength: 80, nullable: false),
                    date = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    start = table.Column<TimeOnly>(type: "TEXT", nullable: false),
                    end = table.Column<TimeOnly>(type: "TEXT", nullable: false),
                    capacity = table.Column<int>(type: "INTEGER", nullable: false),
                    booked = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_appointment_slots", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "appointment_templates",
                columns: table => new
                {
                    service_point_code = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    slot_minutes = table.Column<int>(type: "INTEGER", nullable: false),
                    places_per_window = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_appointment_templates", x => x.service_point_code);
                });

            migrationBuilder.CreateTable(
                name: "appointments",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    number = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    citizen_id = table.Column<int>(type: "INTEGER", nullable: false),
                    service_point_code = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    item_code = table.Column<string>(type: "TEXT", maxLength: 80, nullable: false),
                    date = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    start = table.Column<TimeOnly>(type: "TEXT", nullable: false),
                    end = table.Column<TimeOnly>(type: "TEXT", nullable: false),
                    status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    created_at = table.Column<long>(type: "INTEGER", nullable: false),
                    cancelled_at = table.Column<long>(type: "INTEGER", nullable: true),
                    remind_at = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_appointments", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "opening_special_days",
                columns: table => new
                {
                    service_point_code = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    date = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    open = table.Column<bool>(type: "INTEGER", nullable: false),
                    periods = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    note = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_opening_special_days", x => new { x.service_point_code, x.date });
                });

            migrationBuilder.CreateTable(
                name: "opening_weekend_rotation",
                columns: table => new
                {
                    service_point_code = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    date = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    window_codes = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    periods = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    note = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_opening_weekend_rotation", x => new { x.service_point_code, x.date });
                });

            migrationBuilder.CreateTable(
                name: "opening_weekly",
                columns: table => new
                {
                    service_point_code = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    day_of_week = table.Column<int>(type: "INTEGER", nullable: false),
                    periods = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false)
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
