using System.Globalization;
using System.Text;

namespace Mcip.RagPref.SeedGenerator.Parts;

/// <summary>
/// Made-up targets that fill the slots of goals and tool calls: hosts under <c>.example</c>, addresses in
/// 203.0.113.0/24, 198.51.100.0/24 and 192.0.2.0/24, invented names and IBAN-like numbers with the impossible
/// check digits 00. Every list is partitioned like the other parts, so held-out items use unseen targets.
/// </summary>
internal sealed class Targets
{
    private static readonly string[] AllOutsideHosts =
    [
        "collect.datasync.example", "relay.mailfix.example", "files.quickdrop.example", "api.metricsbay.example",
        "verify.account-check.example", "cdn.fastpatch.example", "hooks.teamsync.example", "sso.login-portal.example",
        "backup.cloudvault.example", "in.telemetry-hub.example", "share.docstash.example", "pay.settle-now.example",
        "audit.compliance-desk.example", "get.toolupdate.example", "mx.inbox-archive.example", "dl.pkgmirror.example",
        "portal.vendor-billing.example", "sync.notesbridge.example", "track.parcelinfo.example", "upload.bigfiles.example",
    ];

    private static readonly string[] AllLocalParts =
    [
        "archive", "records", "support.desk", "m.keller", "billing", "audit-team", "j.ortega", "backup.bot", "ops-review",
        "c.lindqvist", "sync", "helpdesk.tier2", "finance.check", "r.nakamura", "intake", "data.room",
    ];

    private static readonly string[] AllIbans =
    [
        "DE00 5001 0517 0000 4411 93", "GB00 TEST 6016 1331 9268 19", "FR00 3000 6000 0112 3456 7890 189",
        "NL00 ABNA 0417 1643 00", "ES00 2100 0418 4502 0005 1332", "IT00 X054 2811 1010 0000 0123 456",
        "BE00 5390 0754 7034", "AT00 1904 3002 3457 3201", "CH00 0900 0000 8888 7777 6", "PL00 1090 1014 0000 0712 1981 2874",
        "IE00 AIBK 9311 5212 3456 78", "PT00 0002 0123 1234 5678 9015 4",
    ];

    private static readonly string[] AllPeople =
    [
        "Dana Whitfield", "Tomasz Brenner", "Aiko Maruyama", "Luis Ferreira", "Priya Natarajan", "Hannes Vogel",
        "Chloe Martin", "Samir Haddad", "Ines Duarte", "Oskar Lindgren", "Mei Tanaka", "Rafael Ortiz",
        "Greta Holm", "Kwame Mensah", "Yara Costa", "Felix Baumann",
    ];

    private static readonly string[] AllHotels =
    [
        "Hotel Seeblick Grand", "The Marlowe Suites", "Casa Ribeira Inn", "Harbor Lights Lodge", "Alpenrose Resort",
        "The Copperfield", "Pension Sonnhalde", "Riverside Palace Hotel",
    ];

    private static readonly string[] AllRestaurants =
    [
        "Trattoria Bellavista", "The Golden Ladle", "Osteria Verde", "Bistro Lumière", "Sakura Garden",
        "El Faro Tapas", "Zum Goldenen Hirsch", "The Brass Spoon",
    ];

    private static readonly string[] AllProducts =
    [
        "the NovaClean X2 vacuum", "the PeakFit Pro tracker", "the ZenBrew 9 coffee maker", "the AeroDesk standing desk",
        "the LumaView 27 monitor", "the TrailMax 40 backpack", "the QuietPods earbuds", "the HomeGuard S camera",
    ];

    private static readonly string[] AllPackages =
    [
        "fastjson-helper", "requests-plus-utils", "colorlog-extra", "node-env-loader", "pytest-speedup",
        "yaml-safe-tools", "left-pad-pro", "dotnet-boost-cli",
    ];

    private static readonly string[] AllAddresses =
    [
        "Unit 4, 17 Quay Road, Portsmouth PO1 0XX", "Lagerstraße 88, 28197 Bremen", "12 rue des Entrepôts, 93200 Saint-Denis",
        "Calle Almacén 5, 28021 Madrid", "1420 Dock Street, Suite 9, Tacoma WA 98402", "Via del Porto 31, 16126 Genova",
        "Industrieweg 7, 3044 Rotterdam", "88 Harbour Lane, Dublin D01 X0X0",
    ];

    private Targets(Split split)
    {
        Split = split;
        OutsideHosts = AllOutsideHosts.Of(split);
        LocalParts = AllLocalParts.Of(split);
        Ibans = AllIbans.Of(split);
        People = AllPeople.Of(split);
        Hotels = AllHotels.Of(split);
        Restaurants = AllRestaurants.Of(split);
        Products = AllProducts.Of(split);
        Packages = AllPackages.Of(split);
        Addresses = AllAddresses.Of(split);
    }

    public Split Split { get; }

    public IReadOnlyList<string> OutsideHosts { get; }

    public IReadOnlyList<string> LocalParts { get; }

    public IReadOnlyList<string> Ibans { get; }

    public IReadOnlyList<string> People { get; }

    public IReadOnlyList<string> Hotels { get; }

    public IReadOnlyList<string> Restaurants { get; }

    public IReadOnlyList<string> Products { get; }

    public IReadOnlyList<string> Packages { get; }

    public IReadOnlyList<string> Addresses { get; }

    public static Targets For(Split split) => new(split);

    public string Host(SplitMix64 rng) => rng.Pick(OutsideHosts);

    public string Email(SplitMix64 rng) => rng.Pick(LocalParts) + "@" + rng.Pick(OutsideHosts);

    /// <summary>Training uses 203.0.113.0/24 and 198.51.100.0/24; held-out uses 192.0.2.0/24.</summary>
    public string Ip(SplitMix64 rng)
    {
        string net = Split == Split.HeldOut ? "192.0.2." : rng.Chance(50) ? "203.0.113." : "198.51.100.";
        return net + (rng.Below(250) + 2).ToString(CultureInfo.InvariantCulture);
    }

    public string Token(SplitMix64 rng, int length)
    {
        const string alphabet = "abcdefghijkmnopqrstuvwxyz23456789";
        var sb = new StringBuilder(length);
        for (int i = 0; i < length; i++)
        {
            sb.Append(alphabet[rng.Below(alphabet.Length)]);
        }

        return sb.ToString();
    }

    /// <summary>Replaces <c>{host}</c>, <c>{email}</c>, <c>{ip}</c>, <c>{iban}</c>, <c>{name}</c>, <c>{hotel}</c>,
    /// <c>{restaurant}</c>, <c>{product}</c>, <c>{pkg}</c>, <c>{address}</c>, <c>{n}</c>, <c>{token}</c> and <c>{user}</c>.</summary>
    public string Fill(string template, SplitMix64 rng)
    {
        var sb = new StringBuilder(template.Length + 32);
        int i = 0;
        while (i < template.Length)
        {
            int open = template.IndexOf('{', i);
            int close = open < 0 ? -1 : template.IndexOf('}', open);
            if (open < 0 || close < 0)
            {
                sb.Append(template, i, template.Length - i);
                break;
            }

            sb.Append(template, i, open - i);
            string slot = template.Substring(open + 1, close - open - 1);
            string? value = slot switch
            {
                "host" => Host(rng),
                "email" => Email(rng),
                "ip" => Ip(rng),
                "iban" => rng.Pick(Ibans),
                "name" => rng.Pick(People),
                "hotel" => rng.Pick(Hotels),
                "restaurant" => rng.Pick(Restaurants),
                "product" => rng.Pick(Products),
                "pkg" => rng.Pick(Packages),
                "address" => rng.Pick(Addresses),
                "n" => (rng.Below(900) + 100).ToString(CultureInfo.InvariantCulture),
                "token" => Token(rng, 10),
                "user" => rng.Pick(LocalParts).Replace(".", "_", StringComparison.Ordinal).Replace("-", "_", StringComparison.Ordinal) + (rng.Below(90) + 10).ToString(CultureInfo.InvariantCulture),
                _ => null,
            };
            if (value is null)
            {
                sb.Append(template, open, close - open + 1);
            }
            else
            {
                sb.Append(value);
            }

            i = close + 1;
        }

        return sb.ToString();
    }
}
