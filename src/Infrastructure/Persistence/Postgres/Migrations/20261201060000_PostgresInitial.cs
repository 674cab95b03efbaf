using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

namespace WeChatGpt.Infrastructure.Persistence.Postgres.Migrations;
/// <summary>
/// The whole schema on PostgreSQL, as the SQLite migrations built it up to Pictures (a new database needs no history:
/// PostgreSQL starts here). Types: <c>text</c>, <c>integer</c>, <c>bigint</c> (instants as Unix milliseconds, as on SQLite),
/// <c>boolean</c>, <c>uuid</c>, <c>bytea</c>; ids are identity columns.
/// </summary>
[DbContext(typeof(PostgresDbContext))]
[Migration("20261201060000_PostgresInitial")]
public sealed class PostgresInitial : Migration
{
    private static readonly string[] KeywordMatch = ["Keyword", "Match"];

    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "BannedWords",
            columns: table => new
            {
                Word = table.Column<string>(type: "text", nullable: false),
                AddedAt = table.Column<long>(type: "bigint", nullable: false)
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_BannedWords", x => x.Word);
            });

        migrationBuilder.CreateTable(
            name: "CallbackIpRanges",
            columns: table => new
            {
                Range = table.Column<string>(type: "text", nullable: false),
                FetchedAt = table.Column<long>(type: "bigint", nullable: false)
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_CallbackIpRanges", x => x.Range);
            });

        migrationBuilder.CreateTable(
            name: "Continuations",
            columns: table => new
            {
                Id = table.Column<long>(type: "bigint", nullable: false)
                    .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                OpenId = table.Column<string>(type: "text", nullable: false),
                SourceKey = table.Column<string>(type: "text", nullable: false),
                QuestionPreview = table.Column<string>(type: "text", nullable: false),
                State = table.Column<int>(type: "integer", nullable: false),
                RemainingText = table.Column<string>(type: "text", nullable: false),
                PartsTaken = table.Column<int>(type: "integer", nullable: false),
                LastTakenBy = table.Column<string>(type: "text", nullable: true),
                LastPart = table.Column<string>(type: "text", nullable: true),
                PictureMediaId = table.Column<string>(type: "text", nullable: true),
                Failed = table.Column<bool>(type: "boolean", nullable: false),
                CreatedAt = table.Column<long>(type: "bigint", nullable: false),
                UpdatedAt = table.Column<long>(type: "bigint", nullable: false)
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_Continuations", x => x.Id);
            });

        migrationBuilder.CreateTable(
            name: "Conversations",
            columns: table => new
            {
                Id = table.Column<Guid>(type: "uuid", nullable: false),
                OpenId = table.Column<string>(type: "text", nullable: false),
                TemplateId = table.Column<string>(type: "text", nullable: true),
                Topic = table.Column<string>(type: "text", nullable: true),
                StartedAt = table.Column<long>(type: "bigint", nullable: false),
                EndedAt = table.Column<long>(type: "bigint", nullable: true)
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_Conversations", x => x.Id);
            });

        migrationBuilder.CreateTable(
            name: "Deliveries",
            columns: table => new
            {
                Key = table.Column<string>(type: "text", nullable: false),
                OpenId = table.Column<string>(type: "text", nullable: false),
                Kind = table.Column<string>(type: "text", nullable: false),
                FirstSeenAt = table.Column<long>(type: "bigint", nullable: false),
                LastSeenAt = table.Column<long>(type: "bigint", nullable: false),
                Count = table.Column<int>(type: "integer", nullable: false),
                State = table.Column<int>(type: "integer", nullable: false),
                Reply = table.Column<string>(type: "text", nullable: true),
                RepliedAt = table.Column<long>(type: "bigint", nullable: true),
                Outcome = table.Column<int>(type: "integer", nullable: false),
                Owner = table.Column<string>(type: "text", nullable: true),
                Query = table.Column<string>(type: "text", nullable: true)
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_Deliveries", x => x.Key);
            });

        migrationBuilder.CreateTable(
            name: "Followers",
            columns: table => new
            {
                OpenId = table.Column<string>(type: "text", nullable: false),
                FirstSeenAt = table.Column<long>(type: "bigint", nullable: false),
                LastActiveAt = table.Column<long>(type: "bigint", nullable: false),
                IsSubscribed = table.Column<bool>(type: "boolean", nullable: false),
                SubscribeScene = table.Column<string>(type: "text", nullable: true),
                UnsubscribedAt = table.Column<long>(type: "bigint", nullable: true),
                VoiceReplies = table.Column<bool>(type: "boolean", nullable: false),
                ServiceMessagesSent = table.Column<int>(type: "integer", nullable: false)
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_Followers", x => x.OpenId);
            });

        migrationBuilder.CreateTable(
            name: "KeywordReplies",
            columns: table => new
            {
                Id = table.Column<long>(type: "bigint", nullable: false)
                    .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                Keyword = table.Column<string>(type: "text", nullable: false),
                Match = table.Column<int>(type: "integer", nullable: false),
                Reply = table.Column<string>(type: "text", nullable: false),
                Enabled = table.Column<bool>(type: "boolean", nullable: false)
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_KeywordReplies", x => x.Id);
            });

        migrationBuilder.CreateTable(
            name: "MediaRecords",
            columns: table => new
            {
                Id = table.Column<long>(type: "bigint", nullable: false)
                    .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                MediaId = table.Column<string>(type: "text", nullable: false),
                Kind = table.Column<int>(type: "integer", nullable: false),
                MediaType = table.Column<string>(type: "text", nullable: false),
                OpenId = table.Column<string>(type: "text", nullable: false),
                SizeBytes = table.Column<long>(type: "bigint", nullable: false),
                LocalFile = table.Column<string>(type: "text", nullable: true),
                CreatedAt = table.Column<long>(type: "bigint", nullable: false),
                ExpiresAt = table.Column<long>(type: "bigint", nullable: true),
                DeliveredAt = table.Column<long>(type: "bigint", nullable: true),
                DeletedAt = table.Column<long>(type: "bigint", nullable: true)
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_MediaRecords", x => x.Id);
            });

        migrationBuilder.CreateTable(
            name: "Pictures",
            columns: table => new
            {
                Id = table.Column<long>(type: "bigint", nullable: false)
                    .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                OpenId = table.Column<string>(type: "text", nullable: false),
                MessageKey = table.Column<string>(type: "text", nullable: false),
                Direction = table.Column<int>(type: "integer", nullable: false),
                ContentType = table.Column<string>(type: "text", nullable: false),
                Content = table.Column<byte[]>(type: "bytea", nullable: false),
                SizeBytes = table.Column<long>(type: "bigint", nullable: false),
                Width = table.Column<int>(type: "integer", nullable: false),
                Height = table.Column<int>(type: "integer", nullable: false),
                MediaId = table.Column<string>(type: "text", nullable: true),
                CreatedAt = table.Column<long>(type: "bigint", nullable: false)
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_Pictures", x => x.Id);
            });

        migrationBuilder.CreateTable(
            name: "Pushes",
            columns: table => new
            {
                Key = table.Column<string>(type: "text", nullable: false),
                OpenId = table.Column<string>(type: "text", nullable: false),
                Question = table.Column<string>(type: "text", nullable: false),
                Text = table.Column<string>(type: "text", nullable: false),
                PictureMediaId = table.Column<string>(type: "text", nullable: true),
                PartsSent = table.Column<int>(type: "integer", nullable: false),
                Attempts = table.Column<int>(type: "integer", nullable: false),
                Done = table.Column<bool>(type: "boolean", nullable: false),
                CreatedAt = table.Column<long>(type: "bigint", nullable: false),
                UpdatedAt = table.Column<long>(type: "bigint", nullable: false)
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_Pushes", x => x.Key);
            });

        migrationBuilder.CreateTable(
            name: "Templates",
            columns: table => new
            {
                Id = table.Column<string>(type: "text", nullable: false),
                Name = table.Column<string>(type: "text", nullable: false),
                Trigger = table.Column<string>(type: "text", nullable: false),
                Description = table.Column<string>(type: "text", nullable: true),
                SystemPrompt = table.Column<string>(type: "text", nullable: false),
                Language = table.Column<string>(type: "text", nullable: false),
                DefaultTopic = table.Column<string>(type: "text", nullable: true),
                Enabled = table.Column<bool>(type: "boolean", nullable: false),
                SortOrder = table.Column<int>(type: "integer", nullable: false)
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_Templates", x => x.Id);
            });

        migrationBuilder.CreateTable(
            name: "Turns",
            columns: table => new
            {
                Id = table.Column<long>(type: "bigint", nullable: false)
                    .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                ConversationId = table.Column<Guid>(type: "uuid", nullable: false),
                OpenId = table.Column<string>(type: "text", nullable: false),
                MessageKey = table.Column<string>(type: "text", nullable: false),
                Question = table.Column<string>(type: "text", nullable: false),
                Answer = table.Column<string>(type: "text", nullable: false),
                AskedAt = table.Column<long>(type: "bigint", nullable: false),
                AnsweredAt = table.Column<long>(type: "bigint", nullable: false),
                PictureId = table.Column<long>(type: "bigint", nullable: true),
                Drawn = table.Column<bool>(type: "boolean", nullable: false)
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

        migrationBuilder.CreateIndex(
            name: "IX_Continuations_OpenId",
            table: "Continuations",
            column: "OpenId");

        migrationBuilder.CreateIndex(
            name: "IX_Continuations_SourceKey",
            table: "Continuations",
            column: "SourceKey",
            unique: true);

        migrationBuilder.CreateIndex(
            name: "IX_Conversations_OpenId",
            table: "Conversations",
            column: "OpenId");

        migrationBuilder.CreateIndex(
            name: "IX_Deliveries_FirstSeenAt",
            table: "Deliveries",
            column: "FirstSeenAt");

        migrationBuilder.CreateIndex(
            name: "IX_Deliveries_Query",
            table: "Deliveries",
            column: "Query",
            unique: true);

        migrationBuilder.CreateIndex(
            name: "IX_Deliveries_RepliedAt",
            table: "Deliveries",
            column: "RepliedAt");

        migrationBuilder.CreateIndex(
            name: "IX_Followers_LastActiveAt",
            table: "Followers",
            column: "LastActiveAt");

        migrationBuilder.CreateIndex(
            name: "IX_KeywordReplies_Keyword_Match",
            table: "KeywordReplies",
            columns: KeywordMatch,
            unique: true);

        migrationBuilder.CreateIndex(
            name: "IX_MediaRecords_CreatedAt",
            table: "MediaRecords",
            column: "CreatedAt");

        migrationBuilder.CreateIndex(
            name: "IX_MediaRecords_MediaId",
            table: "MediaRecords",
            column: "MediaId");

        migrationBuilder.CreateIndex(
            name: "IX_Pictures_CreatedAt",
            table: "Pictures",
            column: "CreatedAt");

        migrationBuilder.CreateIndex(
            name: "IX_Pictures_OpenId",
            table: "Pictures",
            column: "OpenId");

        migrationBuilder.CreateIndex(
            name: "IX_Pushes_UpdatedAt",
            table: "Pushes",
            column: "UpdatedAt");

        migrationBuilder.CreateIndex(
            name: "IX_Templates_Trigger",
            table: "Templates",
            column: "Trigger",
            unique: true);

        migrationBuilder.CreateIndex(
            name: "IX_Turns_AskedAt",
            table: "Turns",
            column: "AskedAt");

        migrationBuilder.CreateIndex(
            name: "IX_Turns_ConversationId",
            table: "Turns",
            column: "ConversationId");

        migrationBuilder.CreateIndex(
            name: "IX_Turns_MessageKey",
            table: "Turns",
            column: "MessageKey",
            unique: true);

        migrationBuilder.CreateIndex(
            name: "IX_Turns_OpenId",
            table: "Turns",
            column: "OpenId");
    }
    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropTable(
            name: "BannedWords");

        migrationBuilder.DropTable(
            name: "CallbackIpRanges");

        migrationBuilder.DropTable(
            name: "Continuations");

        migrationBuilder.DropTable(
            name: "Deliveries");

        migrationBuilder.DropTable(
            name: "Followers");

        migrationBuilder.DropTable(
            name: "KeywordReplies");

        migrationBuilder.DropTable(
            name: "MediaRecords");

        migrationBuilder.DropTable(
            name: "Pictures");

        migrationBuilder.DropTable(
            name: "Pushes");

        migrationBuilder.DropTable(
            name: "Templates");

        migrationBuilder.DropTable(
            name: "Turns");

        migrationBuilder.DropTable(
            name: "Conversations");
    }
}
