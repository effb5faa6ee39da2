"""``POST /sta/v1.1/$batch``: many requests in one (OGC 18-088 §12, OData 4.01 §11.7).

Two formats: the JSON batch of OData 4.01 (``jsonformat``) and the
``multipart/mixed`` batch of OData 4.0 that SensorThings 1.0 clients send
(``multipart``). Both are read into ``Item``\\ s, run by ``run`` and written
back in the format they came in. Every item is answered by the very view
function that answers it when sent alone (``views.answer``), with the
batch's reader, so keys, scopes, private Things and the error format are
the same; an atomicity group (a changeset) runs in one transaction and is
rolled back as one.
"""
