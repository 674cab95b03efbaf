using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace WeChatGpt.Infrastructure.WeChat.Crypto;

/// <summary>
/// Safe-mode message encryption exactly as wechat-protocol.md §4: AES-256-CBC with IV = key[0..16],
/// payload <c>random(16) ‖ uint32be(len) ‖ msg ‖ appid</c>, PKCS#7 padding to 32-byte blocks.
/// </summary>
public sealed class WeChatMessageCrypto
{
    private const int BlockSize = 32;
    private const string RandomAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private const string Base64Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

    private readonly byte[] _key;
    private readonly byte[] _iv;
    private readonly byte[] _appId;

    public WeChatMessageCrypto(string encodingAesKey, string appId)
    {
        _key = DecodeKey(encodingAesKey);
        _iv = _key[..16];
        _appId = Encoding.ASCII.GetBytes(appId);
    }

    /// <summary>
    /// <c>AESKey = Base64Decode(EncodingAESKey + "=")</c>. Decoded leniently: official sample keys have
    /// non-zero trailing bits (wechat-protocol.md §11).
    /// </summary>
    public static byte[] DecodeKey(string encodingAesKey)
    {
        if (!IsWellFormedKey(encodingAesKey))
        {
            throw new ArgumentException("An EncodingAESKey has 43 characters from [A-Za-z0-9].", nameof(encodingAesKey));
        }

        // 43 chars carry 258 bits: the last char's two low bits are padding. Clear them so that any
        // decoder accepts the key, whatever its strictness about trailing bits.
        var chars = encodingAesKey.ToCharArray();
        var last = Base64Index(chars[^1]) & ~0b11;
        chars[^1] = Base64Alphabet[last];
        return Convert.FromBase64String(new string(chars) + "=");
    }

    public static bool IsWellFormedKey(string? key) =>
        key is { Length: 43 } && key.All(char.IsAsciiLetterOrDigit);

    public string Encrypt(string plaintext, ReadOnlySpan<byte> random16 = default)
    {
        var message = Encoding.UTF8.GetBytes(plaintext);
        var length = 16 + 4 + message.Length + _appId.Length;
        var pad = BlockSize - (length % BlockSize);
        var buffer = new byte[length + pad];

        if (random16.IsEmpty)
        {
            RandomNumberGenerator.GetItems<char>(RandomAlphabet, 16).Select(c => (byte)c).ToArray().CopyTo(buffer, 0);
        }
        else if (random16.Length == 16)
        {
            random16.CopyTo(buffer);
        }
        else
        {
            throw new ArgumentException("The random prefix is 16 bytes.", nameof(random16));
        }

        BinaryPrimitives.WriteUInt32BigEndian(buffer.AsSpan(16, 4), (uint)message.Length);
        message.CopyTo(buffer, 20);
        _appId.CopyTo(buffer, 20 + message.Length);
        buffer.AsSpan(length).Fill((byte)pad);

        using var aes = Aes.Create();
        aes.Key = _key;
        return Convert.ToBase64String(aes.EncryptCbc(buffer, _iv, PaddingMode.None));
    }

    /// <summary>Decrypts an <c>Encrypt</c> field and checks that it was meant for this AppID.</summary>
    public string Decrypt(string encrypted)
    {
        byte[] cipher;
        try
        {
            cipher = Convert.FromBase64String(encrypted);
        }
        catch (FormatException)
        {
            throw new WeChatCryptoException("Encrypt is not valid Base64.");
        }

        if (cipher.Length == 0 || cipher.Length % 16 != 0)
        {
            throw new WeChatCryptoException("Encrypt has an invalid length.");
        }

        byte[] plain;
        using (var aes = Aes.Create())
        {
            aes.Key = _key;
            plain = aes.DecryptCbc(cipher, _iv, PaddingMode.None);
        }

        // Tencent's sample treats a pad byte outside 1..32 as no padding; a pad longer than what was decrypted
        // (a 16-byte block claiming 17 to 32) is no valid payload at all.
        int pad = plain[^1];
        if (pad is < 1 or > BlockSize)
        {
            pad = 0;
        }

        if (pad > plain.Length)
        {
            throw new WeChatCryptoException("Decrypted payload has an invalid padding.");
        }

        var content = plain.AsSpan(0, plain.Length - pad);
        if (content.Length < 20)
        {
            throw new WeChatCryptoException("Decrypted payload is too short.");
        }

        var messageLength = BinaryPrimitives.ReadUInt32BigEndian(content.Slice(16, 4));
        if (messageLength > content.Length - 20)
        {
            throw new WeChatCryptoException("Decrypted payload has an invalid length.");
        }

        var message = content.Slice(20, (int)messageLength);
        var receiver = content[(20 + (int)messageLength)..];
        if (!CryptographicOperations.FixedTimeEquals(receiver, _appId))
        {
            throw new WeChatCryptoException("Decrypted payload is addressed to another AppID.");
        }

        return Encoding.UTF8.GetString(message);
    }

    private static int Base64Index(char c) => Base64Alphabet.IndexOf(c, StringComparison.Ordinal);
}
