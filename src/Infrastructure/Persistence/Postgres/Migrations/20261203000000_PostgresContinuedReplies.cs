using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace WeChatGpt.Infrastructure.Persistence.Postgres.Migrations;

/// <summary>
/// A follower's replies to "继续", indexed (only those rows): a "继续" WeChat gave up on is found again by the next one,
/// which gives its part again instead of losing it.
/// </summary>
[DbContext(typeof(PostgresDbContext))]
[Migration("20261203000000_PostgresContinuedReplies")]
public sealed class PostgresContinuedReplies : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder) =>
        migrationBuilder.CreateIndex(name: "IX_Deliveries_OpenId_FirstSeenAt", table: "Deliveries", columns: ["OpenId", "FirstSeenAt"], filter: "\"Outcome\" = 3");

    protected override void Down(MigrationBuilder migrationBuilder) =>
        migrationBuilder.DropIndex(name: "IX_Deliveries_OpenId_FirstSeenAt", table: "Deliveries");
}
