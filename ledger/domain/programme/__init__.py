"""The annual rotation programme (年度交流轮岗方案), RULES §6 (R-PROG-*).

``lifecycle`` holds the programme's steps and the transitions between them, ``rules`` the named
clause functions the steps compare (dates are recorded days in China Standard Time), ``drafting``
the pure drafting interface and its first strategy, ``checks`` the hard rules any draft is verified
against. Everything here is pure and replayable: a draft is computed once and stored in its event.
"""
