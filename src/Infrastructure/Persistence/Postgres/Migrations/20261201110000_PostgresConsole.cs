using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

namespace WeChatGpt.Infrastructure.Persistence.Postgres.Migrations;

/// <summary>The owner's console: failures on record, and what each answer cost (tokens, the model asked).</summary>
[DbContext(typeof(PostgresDbContext))]
[Migration("20261201110000_PostgresConsole")]
public sealed class PostgresConsole : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "Failures",
            columns: table => new
            {
                Id = table.Column<long>(type: "bigint", nullable: false).Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                At = table.Column<long>(type: "bigint", nullable: false),
                OpenId = table.Column<string>(type: "text", nullable: false),
                Kind = table.Column<string>(type: "text", nullable: false),
                Status = table.Column<int>(type: "integer", nullable: true),
                Detail = table.Column<string>(type: "text", nullable: false),
                Question = table.Column<string>(type: "text", nullable: true),
            },
            constraints: table => table.PrimaryKey("PK_Failures", x => x.Id));
        migrationBuilder.CreateIndex(name: "IX_Failures_At", table: "Failures", column: "At");

        migrationBuilder.AddColumn<int>(name: "PromptTokens", table: "Turns", type: "integer", nullable: false, defaultValue: 0);
        migrationBuilder.AddColumn<int>(name: "CompletionTokens", table: "Turns", type: "integer", nullable: false, defaultValue: 0);
        migrationBuilder.AddColumn<bool>(name: "TokensEstimated", table: "Turns", type: "boolean", nullable: false, defaultValue: false);
        migrationBuilder.AddColumn<string>(name: "Model", table: "Turns", type: "text", nullable: true);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropColumn(name: "Model", table: "Turns");
        migrationBuilder.DropColumn(name: "TokensEstimated", table: "Turns");
        migrationBuilder.DropColumn(name: "CompletionTokens", table: "Turns");
        migrationBuilder.DropColumn(name: "PromptTokens", table: "Turns");
        migrationBuilder.DropTable(name: "Failures");
    }
}
