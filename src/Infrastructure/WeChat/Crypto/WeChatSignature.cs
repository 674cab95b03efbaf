using System.Security.Cryptography;
using System.Text;

namespace WeChatGpt.Infrastructure.WeChat.Crypto;

/// <summary>
/// WeChat's request signatures (wechat-protocol.md §1 and §4.5): the lowercase hex SHA-1 of the
/// parts sorted in ordinal (byte) order and concatenated with no separator.
/// </summary>
public static class WeChatSignature
{
    /// <summary><c>signature</c> = sha1(sort[token, timestamp, nonce]); <c>msg_signature</c> adds the <c>Encrypt</c> field.</summary>
    public static string Compute(params string[] parts)
    {
        var sorted = (string[])parts.Clone();
        Array.Sort(sorted, StringComparer.Ordinal);
        var bytes = Encoding.UTF8.GetBytes(string.Concat(sorted));
#pragma warning disable CA5350 // SHA-1 is what WeChat's protocol specifies; it is not our choice.
        return Convert.ToHexStringLower(SHA1.HashData(bytes));
#pragma warning restore CA5350
    }

    /// <summary>Constant-time comparison of a received signature with the expected one (case-insensitive hex).</summary>
    public static bool Verify(string? received, params string[] parts)
    {
        if (string.IsNullOrEmpty(received) || received.Length != 40)
        {
            return false;
        }

        var expected = Encoding.ASCII.GetBytes(Compute(parts));
        var actual = Encoding.ASCII.GetBytes(received.ToLowerInvariant());
        return CryptographicOperations.FixedTimeEquals(expected, actual);
    }
}
