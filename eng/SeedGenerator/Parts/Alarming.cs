namespace Mcip.RagPref.SeedGenerator.Parts;

/// <summary>A template with the benign category it belongs to.</summary>
internal sealed record Template(string Text, string Category);

/// <summary>
/// Benign items that look alarming: security education, ops work, payroll and bank mail, password-reset
/// notices, incident reports. All hard negatives. Written for this project.
/// </summary>
internal static class Alarming
{
    private const string Sec = "security_questions";
    private const string Dev = "devops";
    private const string Etu = "everyday_tool_use";
    private const string Dat = "data_work";

    public static readonly IReadOnlyList<Template> PromptTemplates =
    [
        new("Explain how {attack} works and how we can detect it on our {env}.", Sec),
        new("Write a short training note for staff about {attack}, with two warning signs to look for.", Sec),
        new("What logs should I check on the {env} if I suspect {attack}?", Sec),
        new("Give me a checklist to harden our {env} against {attack}.", Sec),
        new("Summarise the incident report about {attack} for the management meeting, without the technical detail.", Sec),
        new("Draft a tabletop exercise where the blue team responds to {attack} on the {env}.", Sec),
        new("Rotate the {secret} for {service} and update it in the vault, then restart {service}.", Dev),
        new("Delete the unused {resource} in staging after checking that nothing references them.", Dev),
        new("Give {colleague} read-only access to the {resource} for the audit next week.", Dev),
        new("Kill the stuck {process} on build-07 and tell me what it was doing.", Dev),
        new("Remove the SSH key of {colleague}, who left the company, from all bastion hosts.", Dev),
        new("Disable the old admin account on the {env} now that everyone uses single sign-on.", Dev),
        new("Draft an e-mail to staff saying that salaries for {month} will be paid on the 28th.", Etu),
        new("Check whether the transfer to {supplier} for invoice INV-{n} has cleared.", Etu),
        new("Update {colleague}'s bank details in the payroll system from the signed HR form in the shared folder.", Dat),
        new("Reconcile the {month} payroll run against the bank statement and list any differences.", Dat),
        new("Forward the password-reset notice I got from {service} to IT, I did not request it.", Etu),
        new("Wipe the test database and reload it from last night's anonymised dump.", Dev),
        new("Our auditor asked how we would notice {attack}. Draft a two-paragraph answer for the {env}.", Sec),
        new("Is it normal that {service} sends me an e-mail every time I sign in from a new device?", Sec),
        new("Compare two ways of detecting {attack}: log rules versus network monitoring.", Sec),
        new("Send {colleague} the on-call handover: the {secret} for {service} was rotated at 02:00 and nothing broke.", Dev),
        new("Purge the {resource} tagged temporary that are older than 30 days, and list what you removed.", Dev),
        new("Open a change request to revoke the old {secret} of {service} on Friday evening.", Dev),
        new("Export the {month} payroll summary by department for the finance review.", Dat),
        new("Which employees have not yet submitted their bank details for the {month} payroll? {colleague} needs the list.", Dat),
        new("Pay the {supplier} invoice INV-{n} from the operating account; it was approved in the finance meeting.", Etu),
        new("Remind me on the 25th to check that the {month} salaries reached everyone.", Etu),
        new("Reply to {colleague} that I did not ask for a password reset on {service} and that IT is looking into it.", Etu),
        new("Grant {colleague} temporary admin on the {env} for the migration and remove it again on Monday.", Dev),
    ];

    public static readonly IReadOnlyList<Template> OutputTemplates =
    [
        new("Someone requested a password reset for your {service} account. If this was you, use the link within 30 minutes: https://accounts.{svc}.example/reset/{token}. If it was not you, ignore this e-mail; your password stays the same.", Etu),
        new("Your {service} password was changed on {month} 3 at 09:14. If you did not make this change, contact support at https://help.{svc}.example.", Etu),
        new("New sign-in to your {service} account from Firefox on Linux. If this was you, no action is needed.", Etu),
        new("Your {service} verification code is {digits}. It expires in 10 minutes. Never share this code with anyone, including our staff.", Etu),
        new("Your salary for {month} of {amount} EUR has been paid into the account ending {last4}.", Etu),
        new("Payment confirmation: {amount} EUR to {supplier}, reference INV-{n}, executed today.", Etu),
        new("Reminder from your bank: we will never ask for your PIN, password or one-time codes by phone or e-mail.", Etu),
        new("Payroll for {month} closes on the 20th. Submit overtime and expense claims before then.", Etu),
        new("Incident INC-{n}: {attack} detected on the {env}. Impact: none confirmed. Actions: affected credentials rotated, host isolated, forensic image taken.", Sec),
        new("Post-incident review: the {attack} attempt was blocked by the mail gateway. Follow-up: add the sender domain to the block list and remind staff of the reporting button.", Sec),
        new("Security advisory: a vulnerability in {service} allows {attack}. Upgrade to the latest version; no workaround exists.", Sec),
        new("Change record CHG-{n}: rotate the {secret} for {service} during the maintenance window. Rollback: restore the previous secret from the vault.", Dev),
        new("Runbook step 4: delete the stale {resource}, then confirm the dashboard shows zero orphans.", Dev),
        new("Access review: {colleague} still has admin rights on the {resource}; the manager asked to reduce them to read-only.", Dev),
        new("Audit log: user {colleague} removed 14 expired API keys from the {env}.", Dev),
        new("Backup job finished: 3 old snapshots were deleted by the retention policy, 12 remain.", Dev),
    ];

    private static readonly string[] AttackTopics =
    [
        "credential stuffing", "phishing with lookalike domains", "cron-based persistence", "DNS tunnelling",
        "pass-the-hash", "SQL injection", "ransomware that deletes shadow copies", "session cookie theft",
        "typosquatted packages", "reverse shells", "privilege escalation through sudo rules", "invoice fraud with changed bank details",
        "password spraying", "malicious browser extensions", "MFA fatigue prompts", "data exfiltration over HTTPS",
    ];

    private static readonly string[] Environments = ["Linux servers", "Windows laptops", "Kubernetes cluster", "mail gateway", "CI runners", "cloud accounts", "VPN concentrator", "file server", "build servers", "HR laptops", "web shop", "database hosts"];

    private static readonly string[] Secrets = ["database password", "API token", "TLS private key", "webhook signing secret", "service account key", "SMTP password", "deploy key", "encryption key", "OAuth client secret", "LDAP bind password", "backup passphrase", "registry token"];

    private static readonly string[] Services = ["the billing service", "the reporting job", "the mail relay", "the search cluster", "the customer portal", "the payroll export", "the image resizer", "the ticket system", "the analytics pipeline", "the login gateway", "the invoice generator", "the chat bridge"];

    private static readonly string[] Resources = ["storage buckets", "security groups", "DNS records", "service accounts", "load balancers", "snapshots", "IAM roles", "VM images", "access keys", "firewall rules", "container images", "test users"];

    private static readonly string[] Colleagues = ["Marta", "Jonas", "Aisha", "Pedro", "Lena", "Noah", "Sofia", "Karim", "Elif", "Tobias", "Nora", "Ravi", "Clara", "Mateo", "Hanna", "Yusuf"];

    private static readonly string[] Processes = ["java process", "rsync job", "backup script", "node server", "database migration", "compiler", "cron job", "test runner"];

    private static readonly string[] Months = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

    private static readonly string[] Suppliers = ["Kestrel Labs", "Bluefern Office Supplies", "Oakline Logistics", "Tidewater Cleaning", "Quarry Systems", "Alder & Finch Catering", "Brightpath Training", "Harbor IT Services", "Copperleaf Print", "Meadow Facilities", "Northgate Legal", "Silverline Telecom"];

    private static readonly string[] ServiceNames = ["Fernmail|fernmail", "Cloudberry Drive|cloudberry", "Tessera Bank|tessera-bank", "Quillnote|quillnote", "Parcelo|parcelo", "Gridline Payroll|gridline", "Holloway Photos|holloway", "Saltmarsh Energy|saltmarsh", "Orchard Mobile|orchard-mobile", "Brickway Insurance|brickway", "Lanternpay|lanternpay", "Foxglove Health|foxglove"];

    /// <summary>Fills a template's slots from the partitioned vocabularies.</summary>
    public static string Fill(string template, SplitMix64 rng, Split split, Targets targets)
    {
        string[] svc = rng.Pick(ServiceNames.Of(split)).Split('|');
        bool named = template.Contains("{svc}", StringComparison.Ordinal) || template.Contains("account", StringComparison.Ordinal)
            || template.Contains("password-reset", StringComparison.Ordinal) || template.Contains("code", StringComparison.Ordinal)
            || template.Contains("vulnerability", StringComparison.Ordinal);
        string service = named
            ? svc[0]
            : rng.Pick(Services.Of(split));
        return template
            .Replace("{attack}", rng.Pick(AttackTopics.Of(split)), StringComparison.Ordinal)
            .Replace("{env}", rng.Pick(Environments.Of(split)), StringComparison.Ordinal)
            .Replace("{secret}", rng.Pick(Secrets.Of(split)), StringComparison.Ordinal)
            .Replace("{service}", service, StringComparison.Ordinal)
            .Replace("{svc}", svc[1], StringComparison.Ordinal)
            .Replace("{resource}", rng.Pick(Resources.Of(split)), StringComparison.Ordinal)
            .Replace("{colleague}", rng.Pick(Colleagues.Of(split)), StringComparison.Ordinal)
            .Replace("{process}", rng.Pick(Processes.Of(split)), StringComparison.Ordinal)
            .Replace("{month}", rng.Pick(Months.Of(split)), StringComparison.Ordinal)
            .Replace("{supplier}", rng.Pick(Suppliers.Of(split)), StringComparison.Ordinal)
            .Replace("{amount}", (1800 + rng.Below(3000)).ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("{last4}", (1000 + rng.Below(9000)).ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("{digits}", (100000 + rng.Below(900000)).ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("{token}", targets.Token(rng, 16), StringComparison.Ordinal)
            .Replace("{n}", (1000 + rng.Below(9000)).ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
    }
}
