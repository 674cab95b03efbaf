using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace WeChatGpt.Infrastructure.Persistence.Migrations;

/// <summary>
/// Pictures: the photos followers send and the images drawn for them, kept in our own storage; a turn names its
/// picture; a drawn image can wait for "继续" or be pushed.
/// </summary>
[DbContext(typeof(AppDbContext))]
[Migration("20261201050000_Pictures")]
public sealed class Pictures : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "Pictures",
            columns: table => new
            {
                Id = table.Column<long>(type: "INTEGER", nullable: false).Annotation("Sqlite:Autoincrement", true),
                OpenId = table.Column<string>(type: "TEXT", nullable: false),
                MessageKey = table.Column<string>(type: "TEXT", nullable: false),
                Direction = table.Column<int>(type: "INTEGER", nullable: false),
                ContentType = table.Column<string>(type: "TEXT", nullable: false),
                Content = table.Column<byte[]>(type: "BLOB", nullable: false),
                SizeBytes = table.Column<long>(type: "INTEGER", nullable: false),
                Width = table.Column<int>(type: "INTEGER", nullable: false),
                Height = table.Column<int>(type: "INTEGER", nullable: false),
                MediaId = table.Column<string>(type: "TEXT", nullable: true),
                CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
            },
            constraints: table => table.PrimaryKey("PK_Pictures", x => x.Id));
        migrationBuilder.CreateIndex(name: "IX_Pictures_OpenId", table: "Pictures", column: "OpenId");
        migrationBuilder.CreateIndex(name: "IX_Pictures_CreatedAt", table: "Pictures", column: "CreatedAt");

        migrationBuilder.AddColumn<long>(name: "PictureId", table: "Turns", type: "INTEGER", nullable: true);
        migrationBuilder.AddColumn<bool>(name: "Drawn", table: "Turns", type: "INTEGER", nullable: false, defaultValue: false);
        migrationBuilder.AddColumn<string>(name: "PictureMediaId", table: "Continuations", type: "TEXT", nullable: true);
        migrationBuilder.AddColumn<string>(name: "PictureMediaId", table: "Pushes", type: "TEXT", nullable: true);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.Sql("ALTER TABLE \"Pushes\" DROP COLUMN \"PictureMediaId\";");
        migrationBuilder.Sql("ALTER TABLE \"Continuations\" DROP COLUMN \"PictureMediaId\";");
        migrationBuilder.Sql("ALTER TABLE \"Turns\" DROP COLUMN \"Drawn\";");
        migrationBuilder.Sql("ALTER TABLE \"Turns\" DROP COLUMN \"PictureId\";");
        migrationBuilder.DropTable(name: "Pictures");
    }
}
