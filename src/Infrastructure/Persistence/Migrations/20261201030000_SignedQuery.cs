using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace WeChatGpt.Infrastructure.Persistence.Migrations;

/// <summary>
/// A signed query carries one message: the delivery row keeps a fingerprint of the query its message first came
/// with, unique, so that the same query with another body (a replay from an access log) is refused on every instance.
/// </summary>
[DbContext(typeof(AppDbContext))]
[Migration("20261201030000_SignedQuery")]
public sealed class SignedQuery : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.AddColumn<string>(name: "Query", table: "Deliveries", type: "TEXT", nullable: true);
        migrationBuilder.CreateIndex(name: "IX_Deliveries_Query", table: "Deliveries", column: "Query", unique: true);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropIndex(name: "IX_Deliveries_Query", table: "Deliveries");
        migrationBuilder.Sql("ALTER TABLE \"Deliveries\" DROP COLUMN \"Query\";");
    }
}
