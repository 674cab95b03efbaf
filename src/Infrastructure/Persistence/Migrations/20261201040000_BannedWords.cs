using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace WeChatGpt.Infrastructure.Persistence.Migrations;

/// <summary>The banned words the owner manages through the admin API.</summary>
[DbContext(typeof(AppDbContext))]
[Migration("20261201040000_BannedWords")]
public sealed class BannedWords : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "BannedWords",
            columns: table => new
            {
                Word = table.Column<string>(type: "TEXT", nullable: false),
                AddedAt = table.Column<long>(type: "INTEGER", nullable: false),
            },
            constraints: table => table.PrimaryKey("PK_BannedWords", x => x.Word));
    }

    protected override void Down(MigrationBuilder migrationBuilder) => migrationBuilder.DropTable(name: "BannedWords");
}
