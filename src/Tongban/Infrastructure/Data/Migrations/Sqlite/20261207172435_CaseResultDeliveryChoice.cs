using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Tongban.Infrastructure.Data.Migrations.Sqlite
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
                type: "TEXT",
                maxLength: 1200,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "pickup_point_code",
                table: "cases",
                type: "TEXT",
                maxLength: 32,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "recipient_mobile",
                table: "cases",
                type: "TEXT",
                maxLength: 400,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "recipient_name",
                table: "cases",
                type: "TEXT",
                maxLength: 50,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "requested_delivery_method",
                table: "cases",
                type: "TEXT",
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
