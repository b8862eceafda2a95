using System.Globalization;
using System.Text;

namespace FhirPriorAuth.Fhir.FhirPath.Syntax;

/// <summary>Turns expression text into tokens, skipping whitespace and both comment styles.</summary>
internal sealed class Lexer(string text)
{
    private readonly string _text = text;
    private int _pos;

    public static List<Token> Tokenize(string text)
    {
        var lexer = new Lexer(text);
        var tokens = new List<Token>();
        Token t;
        do { t = lexer.Next(); tokens.Add(t); } while (t.Kind != TokenKind.End);
        return tokens;
    }

    private char Peek(int ahead = 0) => _pos + ahead < _text.Length ? _text[_pos + ahead] : '\0';

    private static FhirPathCompileException Error(FhirPathErrorCode code, string message, int position) => new(code, message, position);

    private void SkipTrivia()
    {
        while (_pos < _text.Length)
        {
            var c = _text[_pos];
            if (char.IsWhiteSpace(c)) { _pos++; continue; }
            if (c == '/' && Peek(1) == '/')
            {
                while (_pos < _text.Length && _text[_pos] != '\n') _pos++;
                continue;
            }
            if (c == '/' && Peek(1) == '*')
            {
                var close = _text.IndexOf("*/", _pos + 2, StringComparison.Ordinal);
                if (close < 0) throw Error(FhirPathErrorCode.Unterminated, "comment is not closed", _pos);
                _pos = close + 2;
                continue;
            }
            break;
        }
    }

    public Token Next()
    {
        SkipTrivia();
        var start = _pos;
        if (_pos >= _text.Length) return new Token(TokenKind.End, "", start);
        var c = _text[_pos];
        if (char.IsAsciiLetter(c) || c == '_')
        {
            while (char.IsAsciiLetterOrDigit(Peek()) || Peek() == '_') _pos++;
            return new Token(TokenKind.Identifier, _text[start.._pos], start);
        }
        if (char.IsAsciiDigit(c)) return Number(start);
        switch (c)
        {
            case '\'':
                return new Token(TokenKind.String, Quoted('\''), start);
            case '`':
                return new Token(TokenKind.QuotedIdentifier, Quoted('`'), start);
            case '@':
                return DateTimeLiteral(start);
            case '%':
            {
                _pos++;
                string name;
                if (Peek() == '`') name = Quoted('`');
                else if (Peek() == '\'') name = Quoted('\'');
                else
                {
                    var s = _pos;
                    while (char.IsAsciiLetterOrDigit(Peek()) || Peek() == '_' || Peek() == '-') _pos++;
                    name = _text[s.._pos];
                    if (name.Length == 0) throw Error(FhirPathErrorCode.UnexpectedCharacter, "'%' must be followed by a name", start);
                }
                return new Token(TokenKind.ExternalConstant, name, start);
            }
            case '$':
            {
                _pos++;
                var s = _pos;
                while (char.IsAsciiLetter(Peek())) _pos++;
                var name = _text[s.._pos];
                if (name is not ("this" or "index" or "total"))
                    throw Error(FhirPathErrorCode.UnexpectedCharacter, $"unknown special variable '${name}'", start);
                return new Token(TokenKind.SpecialVariable, name, start);
            }
        }
        string[] symbols = ["!=", "!~", "<=", ">=", ".", ",", "(", ")", "[", "]", "{", "}", "+", "-", "*", "/", "&", "|", "=", "~", "<", ">"];
        foreach (var s in symbols)
        {
            if (string.CompareOrdinal(_text, _pos, s, 0, s.Length) == 0)
            {
                _pos += s.Length;
                return new Token(TokenKind.Symbol, s, start);
            }
        }
        throw Error(FhirPathErrorCode.UnexpectedCharacter, $"unexpected character '{c}'", start);
    }

    private Token Number(int start)
    {
        while (char.IsAsciiDigit(Peek())) _pos++;
        if (Peek() == '.' && char.IsAsciiDigit(Peek(1)))
        {
            _pos++;
            while (char.IsAsciiDigit(Peek())) _pos++;
            return new Token(TokenKind.Decimal, _text[start.._pos], start);
        }
        if (Peek() == 'L' && !char.IsAsciiLetterOrDigit(Peek(1)))
        {
            _pos++;
            return new Token(TokenKind.Long, _text[start..(_pos - 1)], start);
        }
        return new Token(TokenKind.Integer, _text[start.._pos], start);
    }

    private string Quoted(char quote)
    {
        var start = _pos;
        _pos++;
        var sb = new StringBuilder();
        while (true)
        {
            if (_pos >= _text.Length)
                throw Error(FhirPathErrorCode.Unterminated, quote == '\'' ? "string is not closed" : "quoted identifier is not closed", start);
            var c = _text[_pos++];
            if (c == quote) return sb.ToString();
            if (c != '\\') { sb.Append(c); continue; }
            if (_pos >= _text.Length) continue;
            var e = _text[_pos++];
            switch (e)
            {
                case 'n': sb.Append('\n'); break;
                case 'r': sb.Append('\r'); break;
                case 't': sb.Append('\t'); break;
                case 'f': sb.Append('\f'); break;
                case 'u':
                    if (_pos + 4 > _text.Length || !int.TryParse(_text.AsSpan(_pos, 4), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var code))
                        throw Error(FhirPathErrorCode.InvalidLiteral, "\\u must be followed by four hex digits", _pos - 2);
                    sb.Append((char)code);
                    _pos += 4;
                    break;
                default: sb.Append(e); break; // \' \" \` \\ \/
            }
        }
    }

    private Token DateTimeLiteral(int start)
    {
        _pos++; // '@'
        var s = _pos;
        // Take every character a date/time literal may contain; validity is checked by the parsers below.
        while (_pos < _text.Length && (char.IsAsciiDigit(_text[_pos]) || _text[_pos] is '-' or ':' or 'T' or 'Z' or '+'
                   || (_text[_pos] == '.' && char.IsAsciiDigit(Peek(1)))))
            _pos++;
        var body = _text[s.._pos];
        if (body.StartsWith('T'))
        {
            if (Values.PartialDateTime.ParseTime(body[1..]) is null)
                throw Error(FhirPathErrorCode.InvalidLiteral, $"'@{body}' is not a valid time", start);
            return new Token(TokenKind.Time, body[1..], start);
        }
        if (body.Contains('T'))
        {
            if (Values.PartialDateTime.ParseDateTime(body) is null)
                throw Error(FhirPathErrorCode.InvalidLiteral, $"'@{body}' is not a valid date-time", start);
            return new Token(TokenKind.DateTime, body, start);
        }
        if (Values.PartialDateTime.ParseDate(body) is null)
            throw Error(FhirPathErrorCode.InvalidLiteral, $"'@{body}' is not a valid date", start);
        return new Token(TokenKind.Date, body, start);
    }
}
