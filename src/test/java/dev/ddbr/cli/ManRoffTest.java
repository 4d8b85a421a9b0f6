package dev.ddbr.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ManRoffTest {
    @Test
    void marksBecomeFontsButSnakeCaseAndVariablesStayText() {
        assertThat(ManRoff.inline("*--older-than*=_DURATION_")).isEqualTo("\\fB\\-\\-older\\-than\\fR=\\fIDURATION\\fR");
        assertThat(ManRoff.inline("by keep_last / max_age_days in $DDBR_CONFIG_DIR")).isEqualTo("by keep_last / max_age_days in $DDBR_CONFIG_DIR");
        assertThat(ManRoff.inline(".starts with a dot")).startsWith("\\&.");
        assertThat(ManRoff.inline("a \\ backslash")).isEqualTo("a \\e backslash");
        assertThat(ManRoff.inline("xref:ddbr-table.adoc[*table*]")).isEqualTo("\\fBtable\\fR (ddbr\\-table(1))");
    }

    @Test
    void pageStructure() {
        String adoc = """
                // tag::x[]
                :doctype: manpage
                = ddbr-x(1)

                == Name

                ddbr-x - Do x.

                == Synopsis

                *ddbr x* [*-h*]
                         _TABLE_

                == Description

                Text with *bold*.
                Examples:
                  ddbr x orders

                == Options

                *-h*::
                  Show help.
                """;
        String roff = ManRoff.convert(adoc, "ddbr");
        assertThat(roff).startsWith(".TH \"DDBR-X\" \"1\" \"\" \"ddbr\" \"ddbr Manual\"\n")
                .contains(".SH \"NAME\"\n.PP\nddbr\\-x \\- Do x.\n")
                .contains(".SH \"SYNOPSIS\"\n.RS 0\n.nf\n\\fBddbr x\\fR [\\fB\\-h\\fR]\n         \\fITABLE\\fR\n.fi\n.RE\n")
                .contains(".PP\nText with \\fBbold\\fR.\nExamples:\n.RS 4\n.nf\nddbr x orders\n.fi\n.RE\n")
                .contains(".TP\n\\fB\\-h\\fR\nShow help.\n")
                .doesNotContain("tag::", ":doctype:");
    }
}
