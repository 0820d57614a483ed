using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Tongban.Infrastructure.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class RectificationOrders : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "rectification_orders",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    evaluation_id = table.Column<long>(type: "INTEGER", nullable: false),
                    case_id = table.Column<long>(type: "INTEGER", nullable: false),
                    case_number = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    department_code = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    service_point_code = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    item_code = table.Column<string>(type: "TEXT", maxLength: 80, nullable: false),
                    level = table.Column<int>(type: "INTEGER", nullable: false),
                    channel = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    opened_at = table.Column<long>(type: "INTEGER", nullable: false),
                    callback_due_date = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    rectify_due_date = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    called_back_at = table.Column<long>(type: "INTEGER", nullable: true),
                    callback_note = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    called_back_by = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    called_back_in_time = table.Column<bool>(type: "INTEGER", nullable: false),
                    resolved_at = table.Column<long>(type: "INTEGER", nullable: true),
                    resolution_note = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    resolved_by = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    resolved_in_time = table.Column<bool>(type: "INTEGER", nullable: false),
                    appealed_at = table.Column<long>(type: "INTEGER", nullable: true),
                    appeal_note = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    appealed_by = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    appeal_decided_at = table.Column<long>(type: "INTEGER", nullable: true),
                    appeal_upheld = table.Column<bool>(type: "INTEGER", nullable: true),
                    appeal_decision_note = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    appeal_decided_by = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    next_check_at = table.Column<long>(type: "INTEGER", nullable: true),
                    version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_rectification_orders", x => x.id);
                    table.ForeignKey(
                        name: "fk_rectification_orders_evaluations_evaluation_id",
                        column: x => x.evaluation_id,
                        principalTable: "case_evaluations",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_rectification_orders_case_number",
                table: "rectification_orders",
                column: "case_number");

            migrationBuilder.CreateIndex(
                name: "ix_rectification_orders_department_code_opened_at",
                table: "rectification_orders",
                columns: new[] { "department_code", "opened_at" });

            migrationBuilder.CreateIndex(
                name: "ix_rectification_orders_evaluation_id",
                table: "rectification_orders",
                column: "evaluation_id",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_rectification_orders_next_check_at",
                table: "rectification_orders",
                column: "next_check_at");

            migrationBuilder.CreateIndex(
                name: "ix_rectification_orders_opened_at",
                table: "rectification_orders",
                column: "opened_at");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "rectification_orders");
        }
    }
}
