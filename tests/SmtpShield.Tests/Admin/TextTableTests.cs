using SmtpShield.Admin;
using SmtpShield.Admin.Cli;

namespace SmtpShield.Tests.Admin;

/// <summary>The CLI's tables: columns aligned two spaces apart, numbers right-aligned, the last column unpadded.</summary>
public sealed class TextTableTests
{
    [Fact]
    public void Columns_AreAlignedToTheirWidestCell()
    {
        var table = new TextTable(new("NETWORK"), new("HITS", RightAligned: true), new("REASON"));
        table.Add("192.0.2.7", "3", "spam run");
        table.Add("2001:db8::/48", "12345", "x");

        Assert.Equal(
            """
            NETWORK         HITS  REASON
            192.0.2.7          3  spam run
            2001:db8::/48  12345  x

            """,
            table.ToString());
    }

    [Fact]
    public void ControlCharactersInACell_CannotBreakTheLines()
    {
        var table = new TextTable(new("A"), new("B"));
        table.Add("x\ny", "tab\there\r");

        Assert.Equal("A    B\nx?y  tab?here?\n", table.ToString());
    }

    [Fact]
    public void RowWithTheWrongNumberOfCells_IsABug() =>
        Assert.Throws<ArgumentException>(() => new TextTable(new("A"), new("B")).Add("only one"));

    [Fact]
    public void BlocklistList_ShowsExpiryAsInOrNever()
    {
        EntryDocument[] entries =
        [
            new("192.0.2.7", "spam run", "admin", DateTime.UnixEpoch, DateTime.UnixEpoch.AddHours(1), 3599, 12, 1),
            new("198.51.100.0/24", "Blocklist:Static", "config", DateTime.UnixEpoch, null, null, 0, 1),
            new("2001:db8::/64", "rejected: blocked using bl.test", "reject", DateTime.UnixEpoch, DateTime.UnixEpoch, 90000, 3, 2),
        ];

        Assert.Equal(
            """
            NETWORK          SOURCE  EXPIRES     HITS  REASON
            192.0.2.7        admin   in 59m 59s    12  spam run
            198.51.100.0/24  config  never          0  Blocklist:Static
            2001:db8::/64    reject  in 1d 1h       3  rejected: blocked using bl.test

            """,
            BlocklistListCommand.Table(entries));
    }

    [Fact]
    public void EmptyBlocklist_SaysSo() => Assert.Equal("no entries\n", BlocklistListCommand.Table([]));

    [Theory]
    [InlineData(true, 3600L, "added 192.0.2.7 for 1h (until 1970-01-01 01:00:00Z): spam run\n")]
    [InlineData(false, null, "updated 192.0.2.7 permanently: spam run\n")]
    public void Addition_IsDescribedInOneLine(bool added, long? remaining, string expected)
    {
        var entry = new EntryDocument("192.0.2.7", "spam run", "admin", DateTime.UnixEpoch,
            remaining is null ? null : DateTime.SpecifyKind(DateTime.UnixEpoch.AddHours(1), DateTimeKind.Utc), remaining, 0, 1);

        Assert.Equal(expected, BlocklistAddCommand.Describe(entry, added));
    }

    [Fact]
    public void Import_IsSummarisedWithTheLinesNotBlocked()
    {
        var imported = new ImportDocument(1, 0, 1, 0, 1,
        [
            new(1, "192.0.2.7", "added", null),
            new(3, "192.0.2.300", "invalid", "192.0.2.300 is not an address"),
            new(4, "198.51.100.7/32", "covered", "198.51.100.128/25 is already blocked by 198.51.100.0/24 (hoster)"),
        ]);

        Assert.Equal(
            """
            imported drop.txt: 1 added, 0 updated, 1 covered, 0 protected, 1 invalid
            line 3: invalid: 192.0.2.300 is not an address
            line 4: covered: 198.51.100.128/25 is already blocked by 198.51.100.0/24 (hoster)

            """,
            BlocklistImportCommand.Describe("drop.txt", imported));
    }
}
