using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace WeChatGpt.Infrastructure.Persistence.Migrations;

/// <summary>The owner's console: failures on record, and what each answer cost (tokens, the model asked).</summary>
[DbContext(typeof(AppDbContext))]
[Migration("20261201060000_Console")]
public sealed class OwnersConsole : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "Failures",
            columns: table => new
            {
                Id = table.Column<long>(type: "INTEGER", nullable: false).Annotation("Sqlite:Autoincrement", true),
                At = table.Column<long>(type: "INTEGER", nullable: false),
                OpenId = table.Column<string>(type: "TEXT", nullable: false),
                Kind = table.Column<string>(type: "TEXT", nullable: false),
                Status = table.Column<int>(type: "INTEGER", nullable: true),
                Detail = table.Column<string>(type: "TEXT", nullable: false),
                Question = table.Column<string>(type: "TEXT", nullable: true),
            },
            constraints: table => table.PrimaryKey("PK_Failures", x => x.Id));
        migrationBuilder.CreateIndex(name: "IX_Failures_At", table: "Failures", column: "At");

        migrationBuilder.AddColumn<int>(name: "PromptTokens", table: "Turns", type: "INTEGER", nullable: false, defaultValue: 0);
        migrationBuilder.AddColumn<int>(name: "CompletionTokens", table: "Turns", type: "INTEGER", nullable: false, defaultValue: 0);
        migrationBuilder.AddColumn<bool>(name: "TokensEstimated", table: "Turns", type: "INTEGER", nullable: false, defaultValue: false);
        migrationBuilder.AddColumn<string>(name: "Model", table: "Turns", type: "TEXT", nullable: true);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.Sql("ALTER TABLE \"Turns\" DROP COLUMN \"Model\";");
        migrationBuilder.Sql("ALTER TABLE \"Turns\" DROP COLUMN \"TokensEstimated\";");
        migrationBuilder.Sql("ALTER TABLE \"Turns\" DROP COLUMN \"CompletionTokens\";");
        migrationBuilder.Sql("ALTER TABLE \"Turns\" DROP COLUMN \"PromptTokens\";");
        migrationBuilder.DropTable(name: "Failures");
    }
}
