using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Tongban.Infrastructure.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class PersonalDataAtRest : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_cases_applicant_id_number",
                table: "cases");

            migrationBuilder.AddColumn<string>(
                name: "applicant_id_index",
                table: "cases",
                type: "character varying(32)",
                maxLength: 32,
                nullable: false,
                defaultValue: "");

            migrationBuilder.CreateIndex(
                name: "ix_cases_applicant_id_index",
                table: "cases",
                column: "applicant_id_index");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_cases_applicant_id_index",
                table: "cases");

            migrationBuilder.DropColumn(
                name: "applicant_id_index",
                table: "cases");

            migrationBuilder.CreateIndex(
                name: "ix_cases_applicant_id_number",
                table: "cases",
                column: "applicant_id_number");
        }
    }
}
