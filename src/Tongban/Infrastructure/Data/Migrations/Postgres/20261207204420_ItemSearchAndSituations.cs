using System;
using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Tongban.Infrastructure.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class ItemSearchAndSituations : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<List<string>>(
                name: "keywords",
                table: "item_versions",
                type: "text[]",
                nullable: false,
                defaultValueSql: "'{}'");

            migrationBuilder.AddColumn<string>(
                name: "search_text",
                table: "item_versions",
                type: "character varying(4000)",
                maxLength: 4000,
                nullable: false,
                defaultValue: "");

            migrationBuilder.CreateTable(
                name: "item_popularity",
                columns: table => new
                {
                    item_code = table.Column<string>(type: "character varying(80)", maxLength: 80, nullable: false),
                    applications = table.Column<int>(type: "integer", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_item_popularity", x => x.item_code);
                });

            migrationBuilder.CreateTable(
                name: "item_situations",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    item_code = table.Column<string>(type: "character varying(80)", maxLength: 80, nullable: false),
                    questions = table.Column<string>(type: "character varying(20000)", maxLength: 20000, nullable: false),
                    rules = table.Column<string>(type: "character varying(20000)", maxLength: 20000, nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_item_situations", x => x.id);
                });

            migrationBuilder.CreateIndex(
                name: "ix_item_situations_item_code",
                table: "item_situations",
                column: "item_code",
                unique: true);

            // Search: LIKE '%…%' on search_text through trigrams. pg_trgm is a trusted extension (PostgreSQL 13+), so the
            // database owner may create it without being a superuser. Partial: search reads published versions only.
            migrationBuilder.Sql("CREATE EXTENSION IF NOT EXISTS pg_trgm;");
            migrationBuilder.Sql("CREATE INDEX ix_item_versions_search_text_trgm ON item_versions USING gin (search_text gin_trgm_ops) WHERE status = 'Published';");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP INDEX IF EXISTS ix_item_versions_search_text_trgm;");

            migrationBuilder.DropTable(
                name: "item_popularity");

            migrationBuilder.DropTable(
                name: "item_situations");

            migrationBuilder.DropColumn(
                name: "keywords",
                table: "item_versions");

            migrationBuilder.DropColumn(
                name: "search_text",
                table: "item_versions");
        }
    }
}
