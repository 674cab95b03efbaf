using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace WeChatGpt.Infrastructure.Persistence.Migrations;

/// <summary>Conversations, turns, templates, continuations ("继续"), and follower settings.</summary>
[DbContext(typeof(AppDbContext))]
[Migration("20261122010000_Conversations")]
public sealed class Conversations : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.AddColumn<bool>(name: "VoiceReplies", table: "Followers", type: "INTEGER", nullable: false, defaultValue: false);
        migrationBuilder.AddColumn<int>(name: "ServiceMessagesSent", table: "Followers", type: "INTEGER", nullable: false, defaultValue: 0);

        migrationBuilder.CreateTable(
            name: "Conversations",
            columns: table => new
            {
                Id = table.Column<Guid>(type: "TEXT", nullable: false),
                OpenId = table.Column<string>(type: "TEXT", nullable: false),
                TemplateId = table.Column<string>(type: "TEXT", nullable: true),
                Topic = table.Column<string>(type: "TEXT", nullable: true),
                StartedAt = table.Column<long>(type: "INTEGER", nullable: false),
                EndedAt = table.Column<long>(type: "INTEGER", nullable: true),
            },
            constraints: table => table.PrimaryKey("PK_Conversations", x => x.Id));

        migrationBuilder.CreateTable(
            name: "Turns",
            columns: table => new
            {
                Id = table.Column<long>(type: "INTEGER", nullable: false).Annotation("Sqlite:Autoincrement", true),
                ConversationId = table.Column<Guid>(type: "TEXT", nullable: false),
                OpenId = table.Column<string>(type: "TEXT", nullable: false),
                MessageKey = table.Column<string>(type: "TEXT", nullable: false),
                Question = table.Column<string>(type: "TEXT", nullable: false),
                Answer = table.Column<string>(type: "TEXT", nullable: false),
                AskedAt = table.Column<long>(type: "INTEGER", nullable: false),
                AnsweredAt = table.Column<long>(type: "INTEGER", nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_Turns", x => x.Id);
                table.ForeignKey(
                    name: "FK_Turns_Conversations_ConversationId",
                    column: x => x.ConversationId,
                    principalTable: "Conversations",
                    principalColumn: "Id",
                    onDelete: ReferentialAction.Cascade);
            });

        migrationBuilder.CreateTable(
            name: "Templates",
            columns: table => new
            {
                Id = table.Column<string>(type: "TEXT", nullable: false),
                Name = table.Column<string>(type: "TEXT", nullable: false),
                Trigger = table.Column<string>(type: "TEXT", nullable: false),
                Description = table.Column<string>(type: "TEXT", nullable: true),
                SystemPrompt = table.Column<string>(type: "TEXT", nullable: false),
                Language = table.Column<string>(type: "TEXT", nullable: false),
                DefaultTopic = table.Column<string>(type: "TEXT", nullable: true),
                Enabled = table.Column<bool>(type: "INTEGER", nullable: false),
                SortOrder = table.Column<int>(type: "INTEGER", nullable: false),
            },
            constraints: table => table.PrimaryKey("PK_Templates", x => x.Id));

        migrationBuilder.CreateTable(
            name: "Continuations",
            columns: table => new
            {
                Id = table.Column<long>(type: "INTEGER", nullable: false).Annotation("Sqlite:Autoincrement", true),
                OpenId = table.Column<string>(type: "TEXT", nullable: false),
                SourceKey = table.Column<string>(type: "TEXT", nullable: false),
                QuestionPreview = table.Column<string>(type: "TEXT", nullable: false),
                State = table.Column<int>(type: "INTEGER", nullable: false),
                RemainingText = table.Column<string>(type: "TEXT", nullable: false),
                PartsTaken = table.Column<int>(type: "INTEGER", nullable: false),
                LastTakenBy = table.Column<string>(type: "TEXT", nullable: true),
                LastPart = table.Column<string>(type: "TEXT", nullable: true),
                Failed = table.Column<bool>(type: "INTEGER", nullable: false),
                CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false),
            },
            constraints: table => table.PrimaryKey("PK_Continuations", x => x.Id));

        migrationBuilder.CreateIndex(name: "IX_Conversations_OpenId", table: "Conversations", column: "OpenId");
        migrationBuilder.CreateIndex(name: "IX_Turns_ConversationId", table: "Turns", column: "ConversationId");
        migrationBuilder.CreateIndex(name: "IX_Turns_MessageKey", table: "Turns", column: "MessageKey", unique: true);
        migrationBuilder.CreateIndex(name: "IX_Turns_OpenId", table: "Turns", column: "OpenId");
        migrationBuilder.CreateIndex(name: "IX_Templates_Trigger", table: "Templates", column: "Trigger", unique: true);
        migrationBuilder.CreateIndex(name: "IX_Continuations_OpenId", table: "Continuations", column: "OpenId");
        migrationBuilder.CreateIndex(name: "IX_Continuations_SourceKey", table: "Continuations", column: "SourceKey", unique: true);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropTable(name: "Continuations");
        migrationBuilder.DropTable(name: "Templates");
        migrationBuilder.DropTable(name: "Turns");
        migrationBuilder.DropTable(name: "Conversations");
        // EF rebuilds SQLite tables to drop columns only with a designer target model, which hand-written
        // migrations lack; SQLite 3.35+ drops columns natively.
        migrationBuilder.Sql("ALTER TABLE \"Followers\" DROP COLUMN \"ServiceMessagesSent\";");
        migrationBuilder.Sql("ALTER TABLE \"Followers\" DROP COLUMN \"VoiceReplies\";");
    }
}
