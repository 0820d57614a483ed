using Tongban.Modules.Certificates;

namespace Tongban.Tests;

/// <summary>GB/T 36904 identifiers and their ISO 7064 MOD 37,36 check character.</summary>
public sealed class CertificateIdentifierTests
{
    [Theory]
    // The worked example of the research note (anchors-mission.md §2.5): type + issuer + serial + version → F.
    [InlineData("11100000000013338W032" + "11220000013544541J" + "2430599" + "001", 'F')]
    // A real identifier from a provincial project (anchors-wave2.md C1): …2025052201.002.0.
    [InlineData("11100000000013338W009" + "11330105002500287C" + "2025052201" + "002", '0')]
    // ISO 7064 MOD 37,36 vector (python-stdnum iso7064.mod_37_36 documentation).
    [InlineData("A12425GABC1234002", 'M')]
    public void The_check_character_follows_ISO_7064_MOD_37_36(string data, char check)
    {
        Assert.Equal(check, CertificateIdentifier.CheckCharacter(data));
        Assert.True(CertificateIdentifier.Verifies(data + check));
    }

    [Fact]
    public void The_worked_example_is_built_and_recognised_exactly()
    {
        const string example = "1.2.156.3005.2.11100000000013338W032.11220000013544541J.2430599.001.F";
        Assert.Equal(example, CertificateIdentifier.Build("11100000000013338W032", "11220000013544541J", "2430599", 1));
        Assert.True(CertificateIdentifier.IsValid(example));
        Assert.False(CertificateIdentifier.IsValid(example[..^1] + "G"));
        Assert.False(CertificateIdentifier.IsValid("1.2.156.3005.2.X.Y.1.001.Z"));
        Assert.False(CertificateIdentifier.IsValid(null));
    }

    [Fact]
    public void Every_single_character_change_is_caught_and_almost_every_adjacent_swap()
    {
        const string data = "11100000000013338W03211220000013544541J2430599001";
        var check = CertificateIdentifier.CheckCharacter(data);
        const string alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
        for (var i = 0; i < data.Length; i++)
            foreach (var c in alphabet.Where(c => c != data[i]))
                Assert.False(CertificateIdentifier.Verifies(data[..i] + c + data[(i + 1)..] + check), $"change at {i} to {c}");
        // A hybrid system catches most transpositions, not all (ISO 7064): count them rather than demand every one.
        var swaps = Enumerable.Range(0, data.Length - 1).Where(i => data[i] != data[i + 1]).ToList();
        var caught = swaps.Count(i => !CertificateIdentifier.Verifies(data[..i] + data[i + 1] + data[i] + data[(i + 2)..] + check));
        Assert.True(caught >= swaps.Count * 9 / 10, $"{caught} of {swaps.Count} swaps caught");
    }
}

/// <summary>SM2 seals: sign and verify with the standard's ID, certificates chaining to the seal CA, the PDF trailer.</summary>
public sealed class Sm2SealTests
{
    [Fact]
    public void A_seal_certificate_issued_by_the_CA_chains_and_signatures_verify_only_unchanged()
    {
        var ca = Sm2Seal.NewKeyPair();
        var caName = Sm2Seal.Name("测试电子印章制章机构", "测试行政服务中心");
        var now = DateTimeOffset.UtcNow;
        var caCert = Sm2Seal.Certificate(caName, ca.Public, caName, ca.Private, now.AddDays(-1), now.AddYears(1), isAuthority: true);
        var seal = Sm2Seal.NewKeyPair();
        var sealCert = Sm2Seal.Certificate(Sm2Seal.Name("区行政审批局电子印章", "区行政审批局"), seal.Public, caCert.SubjectDN.ToString(), ca.Private, now.AddDays(-1), now.AddYears(1), false);
        Assert.True(Sm2Seal.ChainsTo(sealCert, caCert, now));
        Assert.False(Sm2Seal.ChainsTo(sealCert, caCert, now.AddYears(2)));
        var stranger = Sm2Seal.NewKeyPair();
        var strangerCert = Sm2Seal.Certificate(caName, stranger.Public, caName, stranger.Private, now.AddDays(-1), now.AddYears(1), true);
        Assert.False(Sm2Seal.ChainsTo(sealCert, strangerCert, now));

        var pdf = "%PDF-1.7\n1 0 obj\n%%EOF\n"u8.ToArray();
        var signed = SignedPdf.ToSign(pdf, "1.2.156.3005.2.11100000000013338W032.11220000013544541J.2430599.001.F");
        var file = SignedPdf.Seal(signed, Sm2Seal.Sign(seal.Private, signed), sealCert.GetEncoded());
        var (parts, problem) = SignedPdf.Split(file);
        Assert.Null(problem);
        Assert.Equal("1.2.156.3005.2.11100000000013338W032.11220000013544541J.2430599.001.F", parts!.Identifier);
        Assert.True(Sm2Seal.Verify(Sm2Seal.ParseCertificate(parts.CertificateDer).GetPublicKey(), parts.SignedBytes, parts.Signature));
        var changed = (byte[])file.Clone();
        changed[3] ^= 1;
        var (tampered, _) = SignedPdf.Split(changed);
        Assert.False(Sm2Seal.Verify(sealCert.GetPublicKey(), tampered!.SignedBytes, tampered.Signature));
        Assert.NotNull(SignedPdf.Split(pdf).Problem);
    }
}
