using System;
using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Tongban.Infrastructure.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class CaseProcess : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "acceptance_number",
                table: "cases",
                type: "character varying(400)",
                maxLength: 400,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "awaiting_role",
                table: "cases",
                type: "character varying(16)",
                maxLength: 16,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "closing_reason",
                table: "cases",
                type: "character varying(1000)",
                maxLength: 1000,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "current_review_step",
                table: "cases",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<string>(
                name: "decision",
                table: "cases",
                type: "character varying(400)",
                maxLength: 400,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "decision_document_number",
                table: "cases",
                type: "character varying(400)",
                maxLength: 400,
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "delivered_at",
                table: "cases",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "delivery_method",
                table: "cases",
                type: "character varying(400)",
                maxLength: 400,
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "is_immediate",
                table: "cases",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<int>(
                name: "legal_limit_days",
                table: "cases",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<string>(
                name: "pickup_code",
                table: "cases",
                type: "character varying(400)",
                maxLength: 400,
                nullable: true);

            migrationBuilder.AddColumn<DateOnly>(
                name: "pre_review_due_date",
                table: "cases",
                type: "date",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "pre_reviewed_at",
                table: "cases",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "promised_limit_days",
                table: "cases",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int[]>(
                name: "review_steps",
                table: "cases",
                type: "integer[]",
                nullable: false,
                defaultValue: new int[0]);

            migrationBuilder.AddColumn<string>(
                name: "status_before_suspension",
                table: "cases",
                type: "character varying(32)",
                maxLength: 32,
                nullable: true);

            migrationBuilder.AddColumn<DateOnly>(
                name: "tolerance_commit_due_date",
                table: "cases",
                type: "date",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "tolerance_fulfilled_at",
                table: "cases",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<List<string>>(
                name: "tolerance_missing",
                table: "cases",
                type: "text[]",
                nullable: false);

            migrationBuilder.AddColumn<string>(
                name: "tracking_number",
                table: "cases",
                type: "character varying(400)",
                maxLength: 400,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "answers_notice",
                table: "case_materials",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "replaced_at",
                table: "case_materials",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "case_clock_events",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    case_id = table.Column<long>(type: "bigint", nullable: false),
                    kind = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    date = table.Column<DateOnly>(type: "date", nullable: false),
                    at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    working_days = table.Column<int>(type: "integer", nullable: true),
                    procedure_type = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: true),
                    reason = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    actor_name = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_case_clock_events", x => x.id);
                    table.ForeignKey(
                        name: "fk_case_clock_events_cases_case_id",
                        column: x => x.case_id,
                        principalTable: "cases",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "correction_notices",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    case_id = table.Column<long>(type: "bigint", nullable: false),
                    number = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: false),
                    sequence = table.Column<int>(type: "integer", nullable: false),
                    issued_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    issued_by = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: false),
                    supplemented_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_correction_notices", x => x.id);
                    table.ForeignKey(
                        name: "fk_correction_notices_cases_case_id",
                        column: x => x.case_id,
                        principalTable: "cases",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "correction_item",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    correction_notice_id = table.Column<long>(type: "bigint", nullable: false),
                    requirement_code = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: false),
                    material_name = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: false),
                    reason = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_correction_item", x => x.id);
                    table.ForeignKey(
                        name: "fk_correction_item_correction_notices_correction_notice_id",
                        column: x => x.correction_notice_id,
                        principalTable: "correction_notices",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_cases_department_code_awaiting_role_submitted_at",
                table: "cases",
                columns: new[] { "department_code", "awaiting_role", "submitted_at" });

            migrationBuilder.CreateIndex(
                name: "ix_cases_service_point_code_awaiting_role_submitted_at",
                table: "cases",
                columns: new[] { "service_point_code", "awaiting_role", "submitted_at" });

            migrationBuilder.CreateIndex(
                name: "ix_case_steps_handler_staff_id_case_id",
                table: "case_steps",
                columns: new[] { "handler_staff_id", "case_id" });

            migrationBuilder.CreateIndex(
                name: "ix_case_clock_events_case_id",
                table: "case_clock_events",
                column: "case_id");

            migrationBuilder.CreateIndex(
                name: "ix_correction_item_correction_notice_id",
                table: "correction_item",
                column: "correction_notice_id");

            migrationBuilder.CreateIndex(
                name: "ix_correction_notices_case_id_sequence",
                table: "correction_notices",
                columns: new[] { "case_id", "sequence" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_correction_notices_number",
                table: "correction_notices",
                column: "number",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "case_clock_events");

            migrationBuilder.DropTable(
                name: "correction_item");

            migrationBuilder.DropTable(
                name: "correction_notices");

            migrationBuilder.DropIndex(
                name: "ix_cases_department_code_awaiting_role_submitted_at",
                table: "cases");

            migrationBuilder.DropIndex(
                name: "ix_cases_service_point_code_awaiting_role_submitted_at",
                table: "cases");

            migrationBuilder.DropIndex(
                name: "ix_case_steps_handler_staff_id_case_id",
                table: "case_steps");

            migrationBuilder.DropColumn(
                name: "acceptance_number",
                table: "cases");

            migrationBuilder.DropColumn(
                name: "awaiting_role",
                table: "cases");

            migrationBuilder.DropColumn(
                name: "closing_reason",
                table: "cases");

            migrationBuilder.DropColumn(
                name: "current_review_step",
                table: "cases");

            migrationBuilder.DropColumn(
                name: "decision",
                table: "cases");

            migrationBuilder.DropColumn(
                name: "decision_document_number",
                table: "cases");

            migrationBuilder.DropColumn(
                name: "delivered_at",
                table: "cases");

            migrationBuilder.DropColumn(
                name: "delivery_method",
                table: "cases");

            migrationBuilder.DropColumn(
                name: "is_immediate",
                table: "cases");

            migrationBuilder.DropColumn(
                name: "legal_limit_days",
                table: "cases");

            migrationBuilder.DropColumn(
                name: "pickup_code",
                table: "cases");

            migrationBuilder.DropColumn(
                name: "pre_review_due_date",
                table: "cases");

            migrationBuilder.DropColumn(
                name: "pre_reviewed_at",
                table: "cases");

            migrationBuilder.DropColumn(
                name: "promised_limit_days",
                table: "cases");

            migrationBuilder.DropColumn(
                name: "review_steps",
                table: "cases");

            migrationBuilder.DropColumn(
                name: "status_before_suspension",
                table: "cases");

            migrationBuilder.DropColumn(
                name: "tolerance_commit_due_date",
                table: "cases");

            migrationBuilder.DropColumn(
                name: "tolerance_fulfilled_at",
                table: "cases");

            migrationBuilder.DropColumn(
                name: "tolerance_missing",
                table: "cases");

            migrationBuilder.DropColumn(
                name: "tracking_number",
                table: "cases");

            migrationBuilder.DropColumn(
                name: "answers_notice",
                table: "case_materials");

            migrationBuilder.DropColumn(
                name: "replaced_at",
                table: "case_materials");
        }
    }
}
