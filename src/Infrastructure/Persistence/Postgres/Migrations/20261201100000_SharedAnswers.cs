using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace WeChatGpt.Infrastructure.Persistence.Postgres.Migrations;

/// <summary>
/// What has streamed of the answers in flight, shared between instances (<see cref="Messaging.PostgresAnswerStreams"/>).
/// Unlogged: rewritten several times a second and worth keeping only while its answer is in flight (a database crash
/// empties it, and the deliveries concerned say "still thinking").
/// </summary>
[DbContext(typeof(PostgresDbContext))]
[Migration("20261201100000_SharedAnswers")]
public sealed class SharedAnswers : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder) => migrationBuilder.Sql("""
        CREATE UNLOGGED TABLE "AnswerStreams" (
            "Key" text NOT NULL PRIMARY KEY,
            "OpenId" text NOT NULL,
            "Question" text NOT NULL,
            "Owner" text NOT NULL,
            "Generation" integer NOT NULL,
            "Text" text NOT NULL,
            "Cut" integer NULL,
            "CutGeneration" integer NULL,
            "UpdatedAt" bigint NOT NULL
        );
        """);

    protected override void Down(MigrationBuilder migrationBuilder) => migrationBuilder.Sql("""DROP TABLE "AnswerStreams";""");
}
