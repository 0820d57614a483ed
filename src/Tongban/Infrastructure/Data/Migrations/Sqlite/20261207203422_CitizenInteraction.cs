using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Tongban.Infrastructure.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class CitizenInteraction : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "case_query_failures",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    case_number = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    ip = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_case_query_failures", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "complaints",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    number = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    kind = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    case_number = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true),
                    department_code = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true),
                    text = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    channel = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    mobile = table.Column<string>(type: "TEXT", maxLength: 400, nullable: true),
                    mobile_index = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true),
                    citizen_id = table.Column<int>(type: "INTEGER", nullable: true),
                    submitted_at = table.Column<long>(type: "INTEGER", nullable: false),
                    status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    assigned_at = table.Column<long>(type: "INTEGER", nullable: true),
                    assigned_by_name = table.Column<string>(type: "TEXT", maxLength: 400, nullable: true),
                    reply_due_date = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    reply = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    replied_at = table.Column<long>(type: "INTEGER", nullable: true),
                    replied_by_staff_id = table.Column<int>(type: "INTEGER", nullable: true),
                    replied_by_name = table.Column<string>(type: "TEXT", maxLength: 400, nullable: true),
                    closed_at = table.Column<long>(type: "INTEGER", nullable: true),
                    closed_by_name = table.Column<string>(type: "TEXT", maxLength: 400, nullable: true),
                    resolved = table.Column<bool>(type: "INTEGER", nullable: true),
                    resolved_answered_at = table.Column<long>(type: "INTEGER", nullable: true),
                    feedback_token_hash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_complaints", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "consultations",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    number = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    department_code = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    item_code = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    item_name = table.Column<string>(type: "TEXT", maxLength: 400, nullable: true),
                    question = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    mobile = table.Column<string>(type: "TEXT", maxLength: 400, nullable: true),
                    mobile_index = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true),
                    citizen_id = table.Column<int>(type: "INTEGER", nullable: true),
                    asked_at = table.Column<long>(type: "INTEGER", nullable: false),
                    due_date = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    answer = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    answered_at = table.Column<long>(type: "INTEGER", nullable: true),
                    answered_by_staff_id = table.Column<int>(type: "INTEGER", nullable: true),
                    answered_by_name = table.Column<string>(type: "TEXT", maxLength: 400, nullable: true),
                    published = table.Column<bool>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_consultations", x => x.id);
                });

            migrationBuilder.CreateIndex(
                name: "ix_case_query_failures_at",
                table: "case_query_failures",
                column: "at");

            migrationBuilder.CreateIndex(
                name: "ix_case_query_failures_case_number_at",
                table: "case_query_failures",
                columns: new[] { "case_number", "at" });

            migrationBuilder.CreateIndex(
                name: "ix_case_query_failures_ip_at",
                table: "case_query_failures",
                columns: new[] { "ip", "at" });

            migrationBuilder.CreateIndex(
                name: "ix_complaints_citizen_id_submitted_at",
                table: "complaints",
                columns: new[] { "citizen_id", "submitted_at" });

            migrationBuilder.CreateIndex(
                name: "ix_complaints_department_code_status_submitted_at",
                table: "complaints",
                columns: new[] { "department_code", "status", "submitted_at" });

            migrationBuilder.CreateIndex(
                name: "ix_complaints_number",
                table: "complaints",
                column: "number",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_complaints_status_reply_due_date",
                table: "complaints",
                columns: new[] { "status", "reply_due_date" });

            migrationBuilder.CreateIndex(
                name: "ix_complaints_status_submitted_at",
                table: "complaints",
                columns: new[] { "status", "submitted_at" });

            migrationBuilder.CreateIndex(
                name: "ix_consultations_citizen_id_asked_at",
                table: "consultations",
                columns: new[] { "citizen_id", "asked_at" });

            migrationBuilder.CreateIndex(
                name: "ix_consultations_department_code_status_asked_at",
                table: "consultations",
                columns: new[] { "department_code", "status", "asked_at" });

            migrationBuilder.CreateIndex(
                name: "ix_consultations_item_code_published",
                table: "consultations",
                columns: new[] { "item_code", "published" });

            migrationBuilder.CreateIndex(
                name: "ix_consultations_number",
                table: "consultations",
                column: "number",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_consultations_status_due_date",
                table: "consultations",
                columns: new[] { "status", "due_date" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "case_query_failures");

            migrationBuilder.DropTable(
                name: "complaints");

            migrationBuilder.DropTable(
                name: "consultations");
        }
    }
}
