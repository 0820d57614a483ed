using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Tongban.Infrastructure.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class KioskDevicesAndSessions : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "kiosk_devices",
                columns: table => new
                {
                    kiosk_code = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    enrolment_code_hash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    enrolment_expires_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    token_hash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    enrolled_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    revoked_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    last_heartbeat_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    printer = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: true),
                    scanner = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: true),
                    card_reader = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: true),
                    network = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: true),
                    alerted_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_kiosk_devices", x => x.kiosk_code);
                });

            migrationBuilder.CreateTable(
                name: "kiosk_sessions",
                columns: table => new
                {
                    id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    kiosk_code = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    person_name = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: false),
                    id_number = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: false),
                    id_index = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    citizen_id = table.Column<int>(type: "integer", nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    last_seen_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    ended_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    end_reason = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_kiosk_sessions", x => x.id);
                });

            migrationBuilder.CreateIndex(
                name: "ix_kiosk_devices_token_hash",
                table: "kiosk_devices",
                column: "token_hash",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_kiosk_sessions_kiosk_code_ended_at",
                table: "kiosk_sessions",
                columns: new[] { "kiosk_code", "ended_at" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "kiosk_devices");

            migrationBuilder.DropTable(
                name: "kiosk_sessions");
        }
    }
}
