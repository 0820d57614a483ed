using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Tongban.Infrastructure.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class SearchGramsAndInteractionDeadlines : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "search_grams",
                table: "item_versions",
                type: "TEXT",
                nullable: false,
                defaultValue: "[]");

            migrationBuilder.AddColumn<long>(
                name: "next_check_at",
                table: "consultations",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "overdue_since",
                table: "consultations",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "overdue_stage",
                table: "consultations",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<long>(
                name: "next_check_at",
                table: "complaints",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "overdue_since",
                table: "complaints",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "overdue_stage",
                table: "complaints",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.CreateIndex(
                name: "ix_consultations_next_check_at",
                table: "consultations",
                column: "next_check_at");

            migrationBuilder.CreateIndex(
                name: "ix_complaints_next_check_at",
                table: "complaints",
                column: "next_check_at");

            // The text is built the same way; emptying it makes ItemSearchTextBackfill rebuild it with the new grams on start.
            migrationBuilder.Sql("UPDATE item_versions SET search_text = '';");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_consultations_next_check_at",
                table: "consultations");

            migrationBuilder.DropIndex(
                name: "ix_complaints_next_check_at",
                table: "complaints");

            migrationBuilder.DropColumn(
                name: "search_grams",
                table: "item_versions");

            migrationBuilder.DropColumn(
                name: "next_check_at",
                table: "consultations");

            migrationBuilder.DropColumn(
                name: "overdue_since",
                table: "consultations");

            migrationBuilder.DropColumn(
                name: "overdue_stage",
                table: "consultations");

            migrationBuilder.DropColumn(
                name: "next_check_at",
                table: "complaints");

            migrationBuilder.DropColumn(
                name: "overdue_since",
                table: "complaints");

            migrationBuilder.DropColumn(
                name: "overdue_stage",
                table: "complaints");
        }
    }
}
