"""StreamField blocks of CSO websites: structured content, not one big rich-text box."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.contrib.typed_table_block.blocks import TypedTableBlock
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageBlock

RICH_TEXT_FEATURES = ["h2", "h3", "bold", "italic", "ol", "ul", "link", "document-link"]


class QuoteBlock(blocks.StructBlock):
    text = blocks.TextBlock(label=_("Quote"))
    author = blocks.CharBlock(label=_("Author"), required=False)

    class Meta:
        icon = "openquote"
        template = "websites/blocks/quote.html"
        label = _("Quote")


class CallToActionBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Title"))
    text = blocks.TextBlock(label=_("Text"), required=False)
    link_page = blocks.PageChooserBlock(label=_("Page"), required=False)
    link_url = blocks.URLBlock(label=_("or address"), required=False)
    button = blocks.CharBlock(label=_("Button text"), max_length=40)

    class Meta:
        icon = "pick"
        template = "websites/blocks/call_to_action.html"
        label = _("Call to action")


class GalleryBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Title"), required=False)
    images = blocks.ListBlock(ImageBlock(), label=_("Images"), min_num=1)

    class Meta:
        icon = "image"
        template = "websites/blocks/gallery.html"
        label = _("Gallery")


class DocumentListBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Title"), required=False)
    documents = blocks.ListBlock(DocumentChooserBlock(), label=_("Documents"), min_num=1)

    class Meta:
        icon = "doc-full"
        template = "websites/blocks/document_list.html"
        label = _("Document list")


class BodyBlock(blocks.StreamBlock):
    text = blocks.RichTextBlock(label=_("Text"), features=RICH_TEXT_FEATURES)
    image = ImageBlock(label=_("Image"))
    gallery = GalleryBlock()
    documents = DocumentListBlock()
    embed = EmbedBlock(label=_("Embedded media"), template="websites/blocks/embed.html")
    quote = QuoteBlock()
    call_to_action = CallToActionBlock()
    table = TypedTableBlock(
        [
            ("text", blocks.CharBlock(label=_("Text"))),
            ("number", blocks.DecimalBlock(label=_("Number"))),
            ("rich_text", blocks.RichTextBlock(label=_("Rich text"), features=["bold", "link"])),
        ],
        label=_("Table"),
        template="websites/blocks/table.html",
    )

    class Meta:
        template = "websites/blocks/body.html"
