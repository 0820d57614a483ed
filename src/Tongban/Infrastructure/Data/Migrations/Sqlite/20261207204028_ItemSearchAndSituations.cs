using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Tongban.Infrastructure.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ItemSearchAndSituations : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "keywords",
                table: "item_versions",
                type: "TEXT",
                nullable: false,
                defaultValue: "[]");

            migrationBuilder.AddColumn<string>(
                name: "search_text",
                table: "item_versions",
                type: "TEXT",
                maxLength: 4000,
                nullable: false,
                defaultValue: "");

            migrationBuilder.CreateTable(
                name: "item_popularity",
                columns: table => new
                {
                    item_code = table.Column<string>(type: "TEXT", maxLength: 80, nullable: false),
                    applications = table.Column<int>(type: "INTEGER", nullable: false),
                    updated_at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_item_popularity", x => x.item_code);
                });

            migrationBuilder.CreateTable(
                name: "item_situations",
                columns: table => new
                {
                    id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    item_code = table.Column<string>(type: "TEXT", maxLength: 80, nullable: false),
                    questions = table.Column<string>(type: "TEXT", maxLength: 20000, nullable: false),
                    rules = table.Column<string>(type: "TEXT", maxLength: 20000, nullable: false),
                    updated_at = table.Column<long>(type: "INTEGER", nullable: false)
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
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
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
