using Org.BouncyCastle.Asn1.GM;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Asn1.X9;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Generators;
using Org.BouncyCastle.Crypto.Operators;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Math;
using Org.BouncyCastle.Pkcs;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.X509;

namespace Tongban.Modules.Certificates;

/// <summary>
/// SM2 with SM3 (GB/T 32918, GB/T 35276) on BouncyCastle: seal key pairs, X.509 certificates (SM3withSM2, OID
/// 1.2.156.10197.1.501), signatures as DER SEQUENCE{r, s}. The signer's distinguishing ID is always the standard's default
/// "1234567812345678", passed explicitly on both sides (OpenSSL 3's own default is empty: docs/adr/0012).
/// </summary>
internal static class Sm2Seal
{
    public const string Algorithm = "SM3withSM2";
    public static readonly byte[] DistinguishingId = "1234567812345678"u8.ToArray();
    private static readonly X9ECParameters Curve = GMNamedCurves.GetByName("sm2p256v1");
    private static readonly ECDomainParameters Domain = new(Curve);

    public static AsymmetricCipherKeyPair NewKeyPair()
    {
        var generator = new ECKeyPairGenerator();
        generator.Init(new ECKeyGenerationParameters(Domain, new SecureRandom()));
        return generator.GenerateKeyPair();
    }

    /// <summary>The private key as PKCS#8 DER (what is encrypted at rest).</summary>
    public static byte[] PrivateKeyBytes(AsymmetricKeyParameter privateKey) => PrivateKeyInfoFactory.CreatePrivateKeyInfo(privateKey).GetDerEncoded();

    public static AsymmetricKeyParameter PrivateKeyFrom(byte[] pkcs8) => PrivateKeyFactory.CreateKey(pkcs8);

    public static byte[] Sign(AsymmetricKeyParameter privateKey, ReadOnlySpan<byte> data)
    {
        var signer = SignerUtilities.GetSigner(Algorithm);
        signer.Init(true, new ParametersWithID(privateKey, DistinguishingId));
        signer.BlockUpdate(data);
        return signer.GenerateSignature();
    }

    public static bool Verify(AsymmetricKeyParameter publicKey, ReadOnlySpan<byte> data, byte[] signature)
    {
        try
        {
            var signer = SignerUtilities.GetSigner(Algorithm);
            signer.Init(false, new ParametersWithID(publicKey, DistinguishingId));
            signer.BlockUpdate(data);
            return signer.VerifySignature(signature);
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or FormatException or Org.BouncyCastle.Asn1.Asn1Exception or IOException or CryptoException)
        {
            return false;
        }
    }

    /// <summary>
    /// An X.509 v3 certificate for <paramref name="subjectPublic"/> signed by <paramref name="issuerPrivate"/> (self-signed when
    /// the issuer is the subject). A CA certificate may sign certificates; a seal certificate only signs documents.
    /// </summary>
    public static X509Certificate Certificate(string subjectName, AsymmetricKeyParameter subjectPublic, string issuerName, AsymmetricKeyParameter issuerPrivate,
        DateTimeOffset from, DateTimeOffset to, bool isAuthority)
    {
        var generator = new X509V3CertificateGenerator();
        generator.SetSerialNumber(new BigInteger(1, Guid.NewGuid().ToByteArray()));
        generator.SetIssuerDN(new X509Name(issuerName));
        generator.SetSubjectDN(new X509Name(subjectName));
        generator.SetNotBefore(from.UtcDateTime);
        generator.SetNotAfter(to.UtcDateTime);
        generator.SetPublicKey(subjectPublic);
        generator.AddExtension(X509Extensions.BasicConstraints, true, new BasicConstraints(isAuthority));
        generator.AddExtension(X509Extensions.KeyUsage, true,
            new KeyUsage(isAuthority ? KeyUsage.KeyCertSign | KeyUsage.CrlSign : KeyUsage.DigitalSignature | KeyUsage.NonRepudiation));
        return generator.Generate(new Asn1SignatureFactory(Algorithm, issuerPrivate));
    }

    /// <summary>A distinguished name with Chinese text (UTF8String values).</summary>
    public static string Name(string commonName, string organization) =>
        $"C=CN,O={Escape(organization)},CN={Escape(commonName)}";

    private static string Escape(string value) => value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace(",", "\\,", StringComparison.Ordinal)
        .Replace("=", "\\=", StringComparison.Ordinal).Replace("+", "\\+", StringComparison.Ordinal);

    public static X509Certificate ParseCertificate(byte[] der) => new X509CertificateParser().ReadCertificate(der);

    /// <summary>Whether <paramref name="certificate"/> was signed by <paramref name="authority"/> and was valid at <paramref name="at"/>.</summary>
    public static bool ChainsTo(X509Certificate certificate, X509Certificate authority, DateTimeOffset at)
    {
        try
        {
            certificate.Verify(authority.GetPublicKey());
            return certificate.IsValid(at.UtcDateTime) && certificate.IssuerDN.Equivalent(authority.SubjectDN);
        }
        catch (Exception e) when (e is GeneralSecurityException or CryptoException or InvalidKeyException or ArgumentException)
        {
            return false;
        }
    }

    public static string Pem(X509Certificate certificate)
    {
        using var writer = new StringWriter();
        var pem = new Org.BouncyCastle.OpenSsl.PemWriter(writer);
        pem.WriteObject(certificate);
        pem.Writer.Flush();
        return writer.ToString().Replace("\r\n", "\n", StringComparison.Ordinal);
    }
}
