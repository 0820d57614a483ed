using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Tongban.Infrastructure.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class Certificates : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "certificate_types",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    code = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    national_type_code = table.Column<string>(type: "character varying(21)", maxLength: 21, nullable: false),
                    issuer_department_code = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    fields_json = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false),
                    validity_months = table.Column<int>(type: "integer", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_certificate_types", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "certificates",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    identifier = table.Column<string>(type: "character varying(120)", maxLength: 120, nullable: false),
                    number = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    type_code = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    type_name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    issuer_department_code = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    issuer_name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    issuer_credit_code = table.Column<string>(type: "character varying(18)", maxLength: 18, nullable: false),
                    holder_kind = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    holder_name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    holder_id_number = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: false),
                    holder_id_index = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    face_fields_json = table.Column<string>(type: "character varying(8000)", maxLength: 8000, nullable: false),
                    issued_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    issued_on = table.Column<DateOnly>(type: "date", nullable: false),
                    sealed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    valid_until = table.Column<DateOnly>(type: "date", nullable: true),
                    status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    case_number = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    origin = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    fingerprint = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    file_id = table.Column<Guid>(type: "uuid", nullable: false),
                    seal_id = table.Column<int>(type: "integer", nullable: false),
                    replaces_id = table.Column<Guid>(type: "uuid", nullable: true),
                    status_reason = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    status_changed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    status_changed_by = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    use_count = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_certificates", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "department_seals",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    seal_code = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    department_code = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    department_name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    credit_code = table.Column<string>(type: "character varying(18)", maxLength: 18, nullable: false),
                    certificate_der = table.Column<byte[]>(type: "bytea", nullable: false),
                    encrypted_private_key = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    valid_from = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    valid_to = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    retired_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_department_seals", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "seal_authorities",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    region_code = table.Column<string>(type: "character varying(12)", maxLength: 12, nullable: false),
                    name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    certificate_der = table.Column<byte[]>(type: "bytea", nullable: false),
                    encrypted_private_key = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    valid_from = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    valid_to = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_seal_authorities", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "sealed_letters",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    case_number = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    decision = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    title = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    document_number = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    file_id = table.Column<Guid>(type: "uuid", nullable: false),
                    fingerprint = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    seal_id = table.Column<int>(type: "integer", nullable: false),
                    issued_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_sealed_letters", x => x.id);
                });

            migrationBuilder.CreateIndex(
                name: "ix_certificate_types_code",
                table: "certificate_types",
                column: "code",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_certificates_case_number",
                table: "certificates",
                column: "case_number");

            migrationBuilder.CreateIndex(
                name: "ix_certificates_holder_kind_holder_id_index_type_code",
                table: "certificates",
                columns: new[] { "holder_kind", "holder_id_index", "type_code" });

            migrationBuilder.CreateIndex(
                name: "ix_certificates_identifier",
                table: "certificates",
                column: "identifier",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_certificates_issuer_department_code_issued_at",
                table: "certificates",
                columns: new[] { "issuer_department_code", "issued_at" });

            migrationBuilder.CreateIndex(
                name: "ix_department_seals_department_code",
                table: "department_seals",
                column: "department_code",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_department_seals_seal_code",
                table: "department_seals",
                column: "seal_code",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_seal_authorities_region_code",
                table: "seal_authorities",
                column: "region_code",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_sealed_letters_case_number",
                table: "sealed_letters",
                column: "case_number");

            migrationBuilder.CreateIndex(
                name: "ix_sealed_letters_document_number",
                table: "sealed_letters",
                column: "document_number",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "certificate_types");

            migrationBuilder.DropTable(
                name: "certificates");

            migrationBuilder.DropTable(
                name: "department_seals");

            migrationBuilder.DropTable(
                name: "seal_authorities");

            migrationBuilder.DropTable(
                name: "sealed_letters");
        }
    }
}
