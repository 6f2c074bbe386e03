package dev.todostreams.emulator.expr;

import java.util.Arrays;

import dev.todostreams.emulator.api.AwsException;

/** Splits an expression into tokens; kept as parallel arrays of kind, start and end offsets. */
final class Lexer {

	static final int EOF = 0;

	static final int IDENT = 1;

	static final int NAME = 2;

	static final int VALUE = 3;

	static final int NUMBER = 4;

	static final int LPAREN = 5;

	static final int RPAREN = 6;

	static final int LBRACKET = 7;

	static final int RBRACKET = 8;

	static final int COMMA = 9;

	static final int DOT = 10;

	static final int EQ = 11;

	static final int NE = 12;

	static final int LT = 13;

	static final int LE = 14;

	static final int GT = 15;

	static final int GE = 16;

	static final int PLUS = 17;

	static final int MINUS = 18;

	final String text;

	int[] kinds = new int[16];

	int[] starts = new int[16];

	int[] ends = new int[16];

	int count;

	Lexer(String text, String kind) {
		this.text = text;
		int i = 0;
		int n = text.length();
		while (i < n) {
			char c = text.charAt(i);
			if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
				i++;
				continue;
			}
			int start = i;
			int type;
			if (isLetter(c)) {
				i = identEnd(i + 1);
				type = IDENT;
			}
			else if (c == '#' || c == ':') {
				i = identEnd(i + 1);
				if (i == start + 1) {
					throw syntaxError(kind, start, start + 1);
				}
				type = (c == '#') ? NAME : VALUE;
			}
			else if (c >= '0' && c <= '9') {
				i = identEnd(i + 1);
				type = NUMBER;
			}
			else {
				i++;
				switch (c) {
					case '(' -> type = LPAREN;
					case ')' -> type = RPAREN;
					case '[' -> type = LBRACKET;
					case ']' -> type = RBRACKET;
					case ',' -> type = COMMA;
					case '.' -> type = DOT;
					case '=' -> type = EQ;
					case '+' -> type = PLUS;
					case '-' -> type = MINUS;
					case '<' -> {
						if (i < n && text.charAt(i) == '=') {
							i++;
							type = LE;
						}
						else if (i < n && text.charAt(i) == '>') {
							i++;
							type = NE;
						}
						else {
							type = LT;
						}
					}
					case '>' -> {
						if (i < n && text.charAt(i) == '=') {
							i++;
							type = GE;
						}
						else {
							type = GT;
						}
					}
					default -> throw AwsException.validation("Invalid " + kind + ": Syntax error; token: \"" + c
							+ "\", near: \"" + near(start, start + 1) + "\"");
				}
			}
			add(type, start, i);
		}
		int last = (this.count > 0) ? this.ends[this.count - 1] : 0;
		add(EOF, last, last);
	}

	private static boolean isLetter(char c) {
		return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
	}

	private int identEnd(int i) {
		int n = this.text.length();
		while (i < n) {
			char c = this.text.charAt(i);
			if (isLetter(c) || c == '_' || (c >= '0' && c <= '9')) {
				i++;
			}
			else {
				break;
			}
		}
		return i;
	}

	private void add(int type, int start, int end) {
		if (this.count == this.kinds.length) {
			int size = this.count * 2;
			this.kinds = Arrays.copyOf(this.kinds, size);
			this.starts = Arrays.copyOf(this.starts, size);
			this.ends = Arrays.copyOf(this.ends, size);
		}
		this.kinds[this.count] = type;
		this.starts[this.count] = start;
		this.ends[this.count] = end;
		this.count++;
	}

	String text(int token) {
		return (this.kinds[token] == EOF) ? "<EOF>" : this.text.substring(this.starts[token], this.ends[token]);
	}

	/** True when the token is the given keyword (case-insensitive). */
	boolean isKeyword(int token, String keyword) {
		int start = this.starts[token];
		int len = this.ends[token] - start;
		return this.kinds[token] == IDENT && len == keyword.length()
				&& this.text.regionMatches(true, start, keyword, 0, len);
	}

	/** DynamoDB's syntax error: the offending token and the text from the previous token to it. */
	AwsException syntaxError(String kind, int token) {
		int from = this.starts[Math.max(0, token - 1)];
		int to = this.ends[token];
		return AwsException.validation(
				"Invalid " + kind + ": Syntax error; token: \"" + text(token) + "\", near: \"" + near(from, to) + "\"");
	}

	private AwsException syntaxError(String kind, int start, int end) {
		return AwsException.validation("Invalid " + kind + ": Syntax error; token: \"" + this.text.substring(start, end)
				+ "\", near: \"" + near(start, end) + "\"");
	}

	private String near(int from, int to) {
		return this.text.substring(from, Math.max(from, to));
	}

}
