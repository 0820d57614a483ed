using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Tongban.Infrastructure.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ImportedSealsAndSharedVerifyLimit : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_department_seals_department_code",
                table: "department_seals");

            migrationBuilder.AddColumn<byte[]>(
                name: "issuer_certificate_der",
                table: "department_seals",
                type: "BLOB",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "source",
                table: "department_seals",
                type: "TEXT",
                maxLength: 16,
                nullable: false,
                defaultValue: "generated");

            migrationBuilder.CreateTable(
                name: "certificate_verification_windows",
                columns: table => new
                {
                    address_key = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    minute = table.Column<long>(type: "INTEGER", nullable: false),
                    count = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_certificate_verification_windows", x => new { x.address_key, x.minute });
                });

            migrationBuilder.CreateIndex(
                name: "ix_department_seals_department_code",
                table: "department_seals",
                column: "department_code",
                unique: true,
                filter: "retired_at IS NULL");

            migrationBuilder.CreateIndex(
                name: "ix_certificate_verification_windows_minute",
                table: "certificate_verification_windows",
                column: "minute");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "certificate_verification_windows");

            migrationBuilder.DropIndex(
                name: "ix_department_seals_department_code",
                table: "department_seals");

            migrationBuilder.DropColumn(
                name: "issuer_certificate_der",
                table: "department_seals");

            migrationBuilder.DropColumn(
                name: "source",
                table: "department_seals");

            migrationBuilder.CreateIndex(
                name: "ix_department_seals_department_code",
                table: "department_seals",
                column: "department_code",
                unique: true);
        }
    }
}
