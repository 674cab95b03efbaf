using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace WeChatGpt.Infrastructure.Persistence.Migrations;

/// <summary>Uploaded media bookkeeping and WeChat's callback IP ranges.</summary>
[DbContext(typeof(AppDbContext))]
[Migration("20261122020000_Voice")]
public sealed class Voice : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "MediaRecords",
            columns: table => new
            {
                Id = table.Column<long>(type: "INTEGER", nullable: false).Annotation("Sqlite:Autoincrement", true),
                MediaId = table.Column<string>(type: "TEXT", nullable: false),
                Kind = table.Column<int>(type: "INTEGER", nullable: false),
                MediaType = table.Column<string>(type: "TEXT", nullable: false),
                OpenId = table.Column<string>(type: "TEXT", nullable: false),
                SizeBytes = table.Column<long>(type: "INTEGER", nullable: false),
                LocalFile = table.Column<string>(type: "TEXT", nullable: true),
                CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                ExpiresAt = table.Column<long>(type: "INTEGER", nullable: true),
                DeliveredAt = table.Column<long>(type: "INTEGER", nullable: true),
                DeletedAt = table.Column<long>(type: "INTEGER", nullable: true),
            },
            constraints: table => table.PrimaryKey("PK_MediaRecords", x => x.Id));

        migrationBuilder.CreateTable(
            name: "CallbackIpRanges",
            columns: table => new
            {
                Range = table.Column<string>(type: "TEXT", nullable: false),
                FetchedAt = table.Column<long>(type: "INTEGER", nullable: false),
            },
            constraints: table => table.PrimaryKey("PK_CallbackIpRanges", x => x.Range));

        migrationBuilder.CreateIndex(name: "IX_MediaRecords_CreatedAt", table: "MediaRecords", column: "CreatedAt");
        migrationBuilder.CreateIndex(name: "IX_MediaRecords_MediaId", table: "MediaRecords", column: "MediaId");
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropTable(name: "CallbackIpRanges");
        migrationBuilder.DropTable(name: "MediaRecords");
    }
}
