using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace WeChatGpt.Infrastructure.Persistence.Postgres.Migrations;

/// <summary>
/// Per-follower limits counted across instances: each follower's one-minute window (its start and the permits taken) and
/// each follower's question in flight (a lease held by one process life), used by
/// <see cref="Protection.PostgresRateLimiter"/>; and WeChat's access token, one for all instances
/// (<see cref="WeChat.Api.PostgresAccessToken"/>).
/// </summary>
[DbContext(typeof(PostgresDbContext))]
[Migration("20261201080000_SharedLimits")]
public sealed class SharedLimits : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder) => migrationBuilder.Sql("""
        CREATE TABLE "RateWindows" (
            "Key" text NOT NULL CONSTRAINT "PK_RateWindows" PRIMARY KEY,
            "Start" bigint NOT NULL,
            "Taken" integer NOT NULL
        );
        CREATE TABLE "BusyKeys" (
            "Key" text NOT NULL CONSTRAINT "PK_BusyKeys" PRIMARY KEY,
            "Lease" text NOT NULL,
            "Life" text NOT NULL,
            "Until" bigint NOT NULL
        );
        CREATE TABLE "AccessTokens" (
            "AppId" text NOT NULL CONSTRAINT "PK_AccessTokens" PRIMARY KEY,
            "Token" text NOT NULL,
            "ExpiresAt" bigint NOT NULL
        );
        """);

    protected override void Down(MigrationBuilder migrationBuilder) => migrationBuilder.Sql("""DROP TABLE "AccessTokens"; DROP TABLE "BusyKeys"; DROP TABLE "RateWindows";""");
}
