using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Tongban.Infrastructure.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class QueueIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "ix_cases_department_code_submitted_at",
                table: "cases",
                columns: new[] { "department_code", "submitted_at" });

            migrationBuilder.CreateIndex(
                name: "ix_cases_service_point_code_submitted_at",
                table: "cases",
                columns: new[] { "service_point_code", "submitted_at" });

            migrationBuilder.CreateIndex(
                name: "ix_cases_submitted_at",
                table: "cases",
                column: "submitted_at");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_cases_department_code_submitted_at",
                table: "cases");

            migrationBuilder.DropIndex(
                name: "ix_cases_service_point_code_submitted_at",
                table: "cases");

            migrationBuilder.DropIndex(
                name: "ix_cases_submitted_at",
                table: "cases");
        }
    }
}
