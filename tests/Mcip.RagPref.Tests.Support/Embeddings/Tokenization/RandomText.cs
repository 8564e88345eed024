using System.Text;

namespace Mcip.RagPref.Tests.Embeddings.Tokenization;

/// <summary>Random strings over a mix of code points chosen to stress text processing.</summary>
internal static class RandomText
{
    private static readonly string[] Fragments = ["[CLS]", "[SEP]", "[MASK]", "[", " ", "\u0130", "\u03A3", "\uFDFA", "\u00A0", "\r\n"];

    public static string Next(Random random, int length)
    {
        var builder = new StringBuilder(length * 2);
        for (int i = 0; i < length; i++)
        {
            switch (random.Next(12))
            {
                case 0: builder.Append((char)random.Next(0, 0x20)); break;             // C0 controls
                case 1: builder.Append((char)random.Next(0xD800, 0xE000)); break;      // lone surrogates
                case 2: builder.Append((char)random.Next(0x300, 0x370)); break;        // combining marks
                case 3: builder.Append((char)random.Next(0x4E00, 0x4E80)); break;      // CJK
                case 4: builder.Append(char.ConvertFromUtf32(random.Next(0x1F600, 0x1F650))); break; // emoji
                case 5: builder.Append(char.ConvertFromUtf32(random.Next(0x10000, 0x110000) is int cp && cp is >= 0xD800 and < 0xE000 ? 0x10000 : random.Next(0x10000, 0x110000))); break;
                case 6: builder.Append((char)random.Next(0x80, 0x800)); break;         // Latin-1 .. Arabic
                case 7: builder.Append(Fragments[random.Next(Fragments.Length)]); break;
                case 8: builder.Append((char)random.Next(0xE000, 0x10000)); break;     // private use .. specials
                case 9: builder.Append((char)random.Next(0x2000, 0x2070)); break;      // spaces, format, punctuation
                default: builder.Append((char)random.Next(0x20, 0x7F)); break;         // ASCII
            }
        }

        return builder.ToString();
    }
}
