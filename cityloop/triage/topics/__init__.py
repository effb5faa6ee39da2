"""Hot topics: the week's report texts clustered and labelled in English and Chinese
(``weekly``; the terms in ``terms``, its table in ``models``, read-only pages in
``admin``; the cockpit's JSON in ``cityloop.web.topics``)."""
