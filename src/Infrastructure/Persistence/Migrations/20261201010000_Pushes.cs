using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace WeChatGpt.Infrastructure.Persistence.Migrations;

/// <summary>Customer-service pushes as durable jobs: the answer to push and how many parts went out.</summary>
[DbContext(typeof(AppDbContext))]
[Migration("20261201010000_Pushes")]
public sealed class Pushes : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "Pushes",
            columns: table => new
            {
                Key = table.Column<string>(type: "TEXT", nullable: false),
                OpenId = table.Column<string>(type: "TEXT", nullable: false),
                Question = table.Column<string>(type: "TEXT", nullable: false),
                Text = table.Column<string>(type: "TEXT", nullable: false),
                PartsSent = table.Column<int>(type: "INTEGER", nullable: false),
                Attempts = table.Column<int>(type: "INTEGER", nullable: false),
                Done = table.Column<bool>(type: "INTEGER", nullable: false),
                CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false),
            },
            constraints: table => table.PrimaryKey("PK_Pushes", x => x.Key));
        migrationBuilder.CreateIndex(name: "IX_Pushes_UpdatedAt", table: "Pushes", column: "UpdatedAt");
    }

    protected override void Down(MigrationBuilder migrationBuilder) => migrationBuilder.DropTable(name: "Pushes");
}
