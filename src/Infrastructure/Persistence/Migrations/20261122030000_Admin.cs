using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace WeChatGpt.Infrastructure.Persistence.Migrations;

/// <summary>Keyword replies, and the outcome of each fixed reply (the dashboard's figures).</summary>
[DbContext(typeof(AppDbContext))]
[Migration("20261122030000_Admin")]
public sealed class Admin : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.AddColumn<int>(name: "Outcome", table: "Deliveries", type: "INTEGER", nullable: false, defaultValue: 0);
        migrationBuilder.CreateIndex(name: "IX_Deliveries_RepliedAt", table: "Deliveries", column: "RepliedAt");
        migrationBuilder.CreateIndex(name: "IX_Turns_AskedAt", table: "Turns", column: "AskedAt");

        migrationBuilder.CreateTable(
            name: "KeywordReplies",
            columns: table => new
            {
                Id = table.Column<long>(type: "INTEGER", nullable: false).Annotation("Sqlite:Autoincrement", true),
                Keyword = table.Column<string>(type: "TEXT", nullable: false),
                Match = table.Column<int>(type: "INTEGER", nullable: false),
                Reply = table.Column<string>(type: "TEXT", nullable: false),
                Enabled = table.Column<bool>(type: "INTEGER", nullable: false),
            },
            constraints: table => table.PrimaryKey("PK_KeywordReplies", x => x.Id));
        migrationBuilder.CreateIndex(name: "IX_KeywordReplies_Keyword_Match", table: "KeywordReplies", columns: ["Keyword", "Match"], unique: true);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropTable(name: "KeywordReplies");
        migrationBuilder.DropIndex(name: "IX_Turns_AskedAt", table: "Turns");
        migrationBuilder.DropIndex(name: "IX_Deliveries_RepliedAt", table: "Deliveries");
        migrationBuilder.Sql("ALTER TABLE \"Deliveries\" DROP COLUMN \"Outcome\";");
    }
}
