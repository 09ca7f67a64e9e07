# Prepares a fresh Redmine instance for the sync, in one Rails boot (run with `rails runner` by
# scripts/sync-stack.sh; three separate rake/runner calls took 28 + 15 + 35 s here, mostly boot):
# the schema, the default data in English (trackers, statuses, priorities, roles), the REST API
# on, a sync user (admin, so it may act in every project) whose API key is REDMINE_SYNC_KEY, and
# one project "it" with every tracker; the issue custom field "Problem code" (text, every project
# and tracker) that the `field` mapping tests carry (tests/sync/fields.test.ts). Idempotent.
ActiveRecord::Base.connection.migration_context.migrate
# The models read their columns before the tables existed.
ActiveRecord::Base.descendants.each(&:reset_column_information)
Redmine::DefaultData::Loader.load('en') if Tracker.none?
Setting.rest_api_enabled = '1'
Setting.login_required = '1'
user = User.find_by_login('sync') || User.new(firstname: 'Incident', lastname: 'Desk sync', mail: 'sync@incident-desk.local')
if user.new_record?
  user.login = 'sync'
  user.admin = true
  user.password = SecureRandom.hex(16)
  user.status = User::STATUS_ACTIVE
  user.save!
end
project = Project.find_by_identifier('it') || Project.create!(name: 'IT', identifier: 'it', is_public: false, tracker_ids: Tracker.pluck(:id))
project.enabled_module_names = (project.enabled_module_names + %w[issue_tracking]).uniq
project.save!
IssueCustomField.find_by(name: 'Problem code') ||
  IssueCustomField.create!(name: 'Problem code', field_format: 'string', is_for_all: true, visible: true, tracker_ids: Tracker.pluck(:id))
token = Token.find_by(user_id: user.id, action: 'api') || Token.create!(user: user, action: 'api')
# Token generates its own value on create; the profile's key (scripts/env.sh) replaces it.
token.update_column(:value, ENV.fetch('REDMINE_SYNC_KEY'))
puts "redmine ready for the sync: user #{user.login}, project #{project.identifier}"
