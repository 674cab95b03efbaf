using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace WeChatGpt.Infrastructure.Persistence.Migrations;

/// <summary>
/// Each delivery row names the process life that owns its work: the ledger alone decides whether a redelivery
/// waits for the work or answers that it was lost with a restart. Rows from before have none (their lives are gone).
/// </summary>
[DbContext(typeof(AppDbContext))]
[Migration("20261201020000_DeliveryOwner")]
public sealed class DeliveryOwner : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder) =>
        migrationBuilder.AddColumn<string>(name: "Owner", table: "Deliveries", type: "TEXT", nullable: true);

    protected override void Down(MigrationBuilder migrationBuilder) =>
        migrationBuilder.Sql("ALTER TABLE \"Deliveries\" DROP COLUMN \"Owner\";");
}
