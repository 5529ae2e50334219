using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Deployteq.ServiceDefaults.Auth;

// The SHA-256 of a bearer token: what the token cache keys on, so that it holds no usable token.
public readonly record struct TokenDigest(UInt128 High, UInt128 Low)
{
    public static TokenDigest Of(string token)
    {
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        var length = Encoding.UTF8.GetMaxByteCount(token.Length);
        var bytes = length <= 512 ? stackalloc byte[length] : new byte[length];
        var written = Encoding.UTF8.GetBytes(token, bytes);
        SHA256.HashData(bytes[..written], hash);
        return new TokenDigest(BinaryPrimitives.ReadUInt128LittleEndian(hash), BinaryPrimitives.ReadUInt128LittleEndian(hash[16..]));
    }
}
