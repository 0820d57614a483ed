using System;
using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Tongban.Infrastructure.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class SearchGramsAndInteractionDeadlines : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<List<string>>(
                name: "search_grams",
                table: "item_versions",
                type: "text[]",
                nullable: false,
                defaultValueSql: "'{}'");

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "next_check_at",
                table: "consultations",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "overdue_since",
                table: "consultations",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "overdue_stage",
                table: "consultations",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "next_check_at",
                table: "complaints",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "overdue_since",
                table: "complaints",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "overdue_stage",
                table: "complaints",
                type: "integer",
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
            // Words too short for trigrams (证明, a typo pattern's pieces) are found through their characters and pairs.
            migrationBuilder.Sql("CREATE INDEX ix_item_versions_search_grams ON item_versions USING gin (search_grams) WHERE status = 'Published';");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP INDEX IF EXISTS ix_item_versions_search_grams;");
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
