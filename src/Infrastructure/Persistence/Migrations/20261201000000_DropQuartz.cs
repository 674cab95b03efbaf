using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace WeChatGpt.Infrastructure.Persistence.Migrations;

/// <summary>
/// Jobs moved from Quartz.NET (whose store shared this database) to Hangfire (in a file of its own): Quartz's
/// tables go. The recurring jobs are registered again under Hangfire at start, under the same ids. Going
/// back to a Quartz build means restoring a backup; Down leaves the tables gone.
/// </summary>
[DbContext(typeof(AppDbContext))]
[Migration("20261201000000_DropQuartz")]
public sealed class DropQuartz : Migration
{
    /// <summary>Children first (foreign keys), as Quartz's own drop script orders them.</summary>
    public static readonly string[] QuartzTables =
    [
        "QRTZ_EXECUTION_HISTORY", "QRTZ_MISFIRE_HISTORY", "QRTZ_JOB_STATUS", "QRTZ_FIRED_TRIGGERS", "QRTZ_PAUSED_TRIGGER_GRPS",
        "QRTZ_SCHEDULER_STATE", "QRTZ_LOCKS", "QRTZ_SIMPLE_TRIGGERS", "QRTZ_SIMPROP_TRIGGERS", "QRTZ_CRON_TRIGGERS",
        "QRTZ_BLOB_TRIGGERS", "QRTZ_TRIGGERS", "QRTZ_JOB_DETAILS", "QRTZ_CALENDARS", "QRTZ_PAUSED_JOB_GRPS",
    ];

    protected override void Up(MigrationBuilder migrationBuilder)
    {
        foreach (var table in QuartzTables)
        {
            migrationBuilder.Sql($"DROP TABLE IF EXISTS {table};");
        }
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
    }
}
