namespace Mcip.RagPref.Flows;

/// <summary>What a value in a tool call's arguments is: the kinds that direct where an effect goes or what it does.</summary>
public enum FlowValueKind
{
    /// <summary>An e-mail address.</summary>
    EmailAddress = 0,

    /// <summary>A phone number.</summary>
    PhoneNumber = 1,

    /// <summary>A bank account number or IBAN.</summary>
    AccountNumber = 2,

    /// <summary>A URL or host name (matched by host).</summary>
    Url = 3,

    /// <summary>A user name or handle (such as <c>@dana</c> or a value of a <c>user</c> argument).</summary>
    UserName = 4,

    /// <summary>A file-system path.</summary>
    FilePath = 5,

    /// <summary>An amount of money or a quantity.</summary>
    Amount = 6,

    /// <summary>A command line or code to run.</summary>
    Command = 7,
}
