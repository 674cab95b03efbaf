namespace WeChatGpt.IntegrationTests.Support;

/// <summary>Files of the repository the tests were built from (the README, deploy/).</summary>
public static class Repository
{
    public static string Root { get; } = FindRoot();

    public static string File(string relativePath) => Path.Combine(Root, relativePath);

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (System.IO.File.Exists(Path.Combine(directory.FullName, "WeChatGpt.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No WeChatGpt.sln above {AppContext.BaseDirectory}.");
    }
}
