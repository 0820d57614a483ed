using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Tongban.Infrastructure.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class CaseResultDeliveryChoice : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "delivery_address",
                table: "cases",
                type: "character varying(1200)",
                maxLength: 1200,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "pickup_point_code",
                table: "cases",
                type: "character varying(32)",
                maxLength: 32,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "recipient_mobile",
                table: "cases",
                type: "character varying(400)",
                maxLength: 400,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "recipient_name",
                table: "cases",
                type: "character varying(50)",
                maxLength: 50,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "requested_delivery_method",
                table: "cases",
                type: "character varying(16)",
                maxLength: 16,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "delivery_address",
                table: "cases");

            migrationBuilder.DropColumn(
                name: "pickup_point_code",
                table: "cases");

            migrationBuilder.DropColumn(
                name: "recipient_mobile",
                table: "cases");

            migrationBuilder.DropColumn(
                name: "recipient_name",
                table: "cases");

            migrationBuilder.DropColumn(
                name: "requested_delivery_method",
                table: "cases");
        }
    }
}
