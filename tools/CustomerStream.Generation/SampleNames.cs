namespace CustomerStream.Generation;

/// <summary>Word lists of the sample: names (some non-ASCII, some with apostrophes), places in several spellings, categories.</summary>
internal static class SampleNames
{
    public static readonly string[] FirstNames =
    [
        "Ann", "Bob", "Carla", "David", "Eva", "Felix", "Greta", "Hugo", "Ines", "Jonas", "Karin", "Lukas", "Maria", "Noah",
        "Olga", "Paul", "Quinn", "Rosa", "Sven", "Tina", "Umar", "Vera", "Wei", "Xenia", "Yusuf", "Zoë", "Jörg", "José",
        "Chloé", "Łukasz", "Mette", "Siobhán", "Aiko", "Ravi", "Fatima", "Liam", "Emma", "Mia", "Leon", "Sofia",
    ];

    public static readonly string[] LastNames =
    [
        "Smith", "Müller", "García", "Rossi", "Dubois", "Nowak", "Jensen", "O'Brien", "Kowalski", "Schmidt", "Martin", "Silva",
        "Nguyen", "Tanaka", "Patel", "Khan", "Berg", "Fischer", "Weber", "Meyer", "Wagner", "Becker", "Hoffmann", "Ivanova",
        "Smith, Jr.", "van der Berg", "Åström", "Núñez", "Lefèvre", "Brown",
    ];

    /// <summary>Country, as a CRM or a shop might write it, and its ISO code.</summary>
    public static readonly (string Text, string Code)[] Countries =
    [
        ("United States", "US"), ("USA", "US"), ("US", "US"), ("us", "US"), ("United States of America", "US"),
        ("Germany", "DE"), ("DE", "DE"), ("deu", "DE"), ("Deutschland", "DE"),
        ("United Kingdom", "GB"), ("UK", "GB"), ("GB", "GB"),
        ("France", "FR"), ("FR", "FR"), ("Italy", "IT"), ("Spain", "ES"), ("ES", "ES"), ("Netherlands", "NL"), ("Austria", "AT"),
        ("Österreich", "AT"), ("Poland", "PL"), ("Sweden", "SE"), ("Canada", "CA"), ("CAN", "CA"),
    ];

    public static readonly string[] Cities =
    [
        "New York", "Boston", "Chicago", "Berlin", "Hamburg", "München", "London", "Paris", "Lyon", "Milano", "Madrid",
        "Amsterdam", "Wien", "Warszawa", "Stockholm", "Toronto", "Zürich",
    ];

    public static readonly string[] Categories = ["shoes", "apparel", "electronics", "home", "beauty", "toys", "books", "sports"];

    public static readonly string[] MailDomains = ["example.com", "mail.example.org", "post.example.net", "inbox.example.de"];

    public static readonly string[] Paths = ["/", "/search", "/category/shoes", "/category/home", "/product/p-{0}", "/cart", "/account", "/checkout"];

    public static readonly string[] Referrers = ["https://www.google.com/", "https://news.example.com/", "", "", "https://social.example/"];

    /// <summary>Malformed e-mail shapes (kept on the record, never used to link).</summary>
    public static readonly string[] MalformedEmailShapes = ["{0}@", "{0}.example.com", "{0} @example.com", "{0}@example", "{0}@@example.com", "n/a"];
}
