using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace WeChatGpt.Infrastructure.Persistence.Postgres.Migrations;

/// <summary>Refused admin and API credentials per client address, counted across instances (<see cref="Protection.PostgresAuthFailures"/>).</summary>
[DbContext(typeof(PostgresDbContext))]
[Migration("20261201090000_SharedAuthFailures")]
public sealed class SharedAuthFailures : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder) => migrationBuilder.Sql("""
        CREATE TABLE "AuthFailures" (
            "Address" text NOT NULL,
            "At" bigint NOT NULL
        );
        CREATE INDEX "IX_AuthFailures_Address_At" ON "AuthFailures" ("Address", "At");
        """);

    protected override void Down(MigrationBuilder migrationBuilder) => migrationBuilder.Sql("""DROP TABLE "AuthFailures";""");
}
