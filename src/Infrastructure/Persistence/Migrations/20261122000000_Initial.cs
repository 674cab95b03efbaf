using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace WeChatGpt.Infrastructure.Persistence.Migrations;

/// <summary>Followers and the delivery ledger. Hand-written: dotnet-ef is not in our package registry.</summary>
[DbContext(typeof(AppDbContext))]
[Migration("20261122000000_Initial")]
public sealed class Initial : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "Deliveries",
            columns: table => new
            {
                Key = table.Column<string>(type: "TEXT", nullable: false),
                OpenId = table.Column<string>(type: "TEXT", nullable: false),
                Kind = table.Column<string>(type: "TEXT", nullable: false),
                FirstSeenAt = table.Column<long>(type: "INTEGER", nullable: false),
                LastSeenAt = table.Column<long>(type: "INTEGER", nullable: false),
                Count = table.Column<int>(type: "INTEGER", nullable: false),
                State = table.Column<int>(type: "INTEGER", nullable: false),
                Reply = table.Column<string>(type: "TEXT", nullable: true),
                RepliedAt = table.Column<long>(type: "INTEGER", nullable: true),
            },
            constraints: table => table.PrimaryKey("PK_Deliveries", x => x.Key));

        migrationBuilder.CreateTable(
            name: "Followers",
            columns: table => new
            {
                OpenId = table.Column<string>(type: "TEXT", nullable: false),
                FirstSeenAt = table.Column<long>(type: "INTEGER", nullable: false),
                LastActiveAt = table.Column<long>(type: "INTEGER", nullable: false),
                IsSubscribed = table.Column<bool>(type: "INTEGER", nullable: false),
                SubscribeScene = table.Column<string>(type: "TEXT", nullable: true),
                UnsubscribedAt = table.Column<long>(type: "INTEGER", nullable: true),
            },
            constraints: table => table.PrimaryKey("PK_Followers", x => x.OpenId));

        migrationBuilder.CreateIndex(name: "IX_Deliveries_FirstSeenAt", table: "Deliveries", column: "FirstSeenAt");
        migrationBuilder.CreateIndex(name: "IX_Followers_LastActiveAt", table: "Followers", column: "LastActiveAt");
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropTable(name: "Deliveries");
        migrationBuilder.DropTable(name: "Followers");
    }
}
